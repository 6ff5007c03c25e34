"""Outlet names: what a page says its site is called, else the site's registrable domain.

The domain comes from the public-suffix list bundled with `tld` (courlan's own dependency, read
offline). Its name is the registrable domain itself (`theguardian.com`, `bbc.co.uk`): unambiguous
and always right, where a capitalisation guessed from the label (`Theguardian`, `Nytimes`) is wrong
as often as not and may merge two sites that share a label under different suffixes.

Hosting platforms: on `jane.github.io` or `news.blogspot.com` the outlet is the sub-site, not the
platform. The list's private section (which `tld` searches) already says so for the platforms that
registered there (github.io, blogspot.com, wixsite.com, netlify.app, ...); `HOSTING_PLATFORMS` adds
the same rule for platforms that give every publication a sub-domain but never registered
(`backofmind.substack.com` is its own outlet, not `substack.com`).
"""
from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

from tld import get_fld

# A site name is short; longer values are taglines or descriptions.
MAX_WORDS = 10
MAX_CHARS = 72
_SEPARATORS = re.compile(r"\s+(?:[|\-\u2013\u2014:\u00bb\u00b7\u2022/]|::)\s+|\s*[|\u2022\u00b7]\s*")
_SQUASH = re.compile(r"[\W_]+")
_HOST = re.compile(r"^[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?$")
# Platforms that host one publication per sub-domain and are missing from the list's private section.
HOSTING_PLATFORMS = frozenset({
    "substack.com", "medium.com", "wordpress.com", "tumblr.com", "typepad.com", "livejournal.com",
    "ghost.io", "beehiiv.com", "weebly.com", "squarespace.com", "hashnode.dev", "tistory.com",
    "over-blog.com", "canalblog.com", "mataroa.blog", "neocities.org",
})
# A sub-domain that is the platform's own front door, not a publication.
_PLATFORM_OWN_LABELS = frozenset({"www", "m", "amp", "cdn", "blog", "help", "support", "app"})
# Three or more lower-case content words make a sentence: "OSSystem Blog about IT news, technology
# and design" is a tagline. (Short words are particles and joiners: "of", "and", "de", "la".)
MAX_LOWERCASE_WORDS = 2
# Not a name: a URL (`https://www.fr.de`: its domain says it better), a platform credit
# (`changelog hosted by ...`), dotted initials alone (`U.S.`: a region's section on news sites).
_NOT_A_SITE_NAME = re.compile(r"^(?:https?://|www\.)|\b(?:hosted|powered) by\b|"
                              r"^(?:[A-Z]\.){2,}$", re.I)
# The Wayback Machine's copy of a page: the site is the archived URL's, not archive.org.
_WAYBACK = re.compile(r"^https?://web\.archive\.org/web/[0-9a-z_]+/(?P<url>https?://.+)$", re.I)
_WORDS = re.compile(r"[\w'’]+")
# "Name: what it does" (`RS Ingenieure: Bauingenieurbüro`): a short name, a colon glued to it, then a
# longer description. A colon with spaces on both sides is a separator like " | " (_SEPARATORS).
_NAME_THEN_DESCRIPTION = re.compile(r"^(?P<name>[^:]+?):\s+(?P<description>\S.*)$")
MAX_NAME_WORDS_BEFORE_COLON = 3


def registrable_domain(url: str | None) -> str | None:
    """`https://edition.cnn.com/x` -> `cnn.com`. A suffix the list does not know counts as one label
    (the list's own default rule `*`): `news.gazette.example` -> `gazette.example`."""
    if not url:
        return None
    wayback = _WAYBACK.match(url.strip())
    if wayback:
        url = wayback["url"]
    host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    if "%" in host:  # a percent-encoded path glued to the host: `site.fr%2farticles%2f...`
        host = (urlsplit(unquote(url.strip())).hostname or "").lower().rstrip(".")
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    if not _HOST.match(host):
        return None
    domain = get_fld(host, fix_protocol=True, fail_silently=True)
    if domain:
        return _sub_site(host, str(domain))
    labels = host.split(".")
    if len(labels) < 2 or host.replace(".", "").isdigit():
        return None  # a bare name (localhost) or an IP address
    return ".".join(labels[-2:])


def _sub_site(host: str, domain: str) -> str:
    """`backofmind.substack.com` for a page on a hosting platform, else the domain unchanged."""
    if domain not in HOSTING_PLATFORMS or host == domain:
        return domain
    label = host[: -len(domain) - 1].rsplit(".", 1)[-1]
    return domain if label in _PLATFORM_OWN_LABELS else f"{label}.{domain}"


def same_site_name(value: str, outlet: str | None) -> bool:
    """`Cleveland Clinic` for the outlet `Cleveland Clinic`, `Accruent` for `accruent.com`: a value
    (an author, a topic) that only repeats the outlet's name, once case and punctuation are gone."""
    if not outlet or not value:
        return False
    name = _squash(value)
    if not name:
        return False
    if name == _squash(outlet):
        return True
    return _HOST.match(outlet) is not None and "." in outlet and name == _squash(outlet.split(".")[0])


def outlet_from_domain(url: str | None) -> str | None:
    """The outlet name when a page names none: its registrable domain (see the module note)."""
    return registrable_domain(url)


def _squash(text: str) -> str:
    return _SQUASH.sub("", text.casefold())


def _names_domain(value: str, domain: str | None) -> bool:
    """`The Guardian` for theguardian.com, `BBC News` for bbc.co.uk: the name and the domain's label
    agree once spaces and punctuation are gone (either holds the other)."""
    if not domain:
        return False
    label, name = _squash(domain.split(".")[0]), _squash(value)
    return bool(label and name) and (label in name or name in label)


def _plain_word(value: str) -> bool:
    """One ordinary capitalised word (`Blog`, `Homepage`, `Nutrition`): a page or section label.
    Coined names keep a mark of their own: capitals inside (`QuickFrame`, `NCCIH`) or a domain match."""
    return value.isalpha() and value[:1].isupper() and value[1:].islower()


def readable_outlet(value: str, domain: str | None, taken: set[str], weak: bool = False) -> str | None:
    """A declared site name, or None when it is a tagline, a section, a title part or a widget word.

    `taken` holds the page's section names and title parts (casefolded): a site name equal to one
    of them is the section (`U.S.`) or the headline, not the site. A `weak` source (application-name,
    often a web app's or widget's name such as `Hosted`) counts only when it agrees with the domain.
    """
    quotes = " |-\u2013\u2014:\"'\u201c\u201d"
    value = " ".join(value.split()).strip(quotes)
    if value.endswith("?"):
        return None  # a question is a headline (`What is Smart Energy?`), never a site's name
    parts = [p for p in _SEPARATORS.split(value) if p.strip()]
    if len(parts) > 1:
        # "Site | tagline": keep the part that names the domain; a list of topics names none.
        named = [p for p in parts if _names_domain(p, domain)]
        if len(named) != 1:
            return None
        value = named[0].strip(quotes)
    described = _NAME_THEN_DESCRIPTION.match(value)
    if described and len(described["name"].split()) <= min(MAX_NAME_WORDS_BEFORE_COLON,
                                                            len(described["description"].split()) - 1):
        value = described["name"].strip(quotes)
    if sum(1 for w in _WORDS.findall(value) if len(w) >= 4 and w.isalpha() and w.islower()) > MAX_LOWERCASE_WORDS:
        return None
    if not value or len(value) > MAX_CHARS or len(value.split()) > MAX_WORDS or _NOT_A_SITE_NAME.search(value):
        return None
    if not any(c.isalpha() for c in value):
        return None
    if _names_domain(value, domain):
        return value  # also when a logo repeats it as the page's h1
    if value.casefold() in taken or weak or value.islower() or _plain_word(value):
        return None
    return value
