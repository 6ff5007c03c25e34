"""Outlet names: what a page says its site is called, else the site's registrable domain.

The domain comes from the public-suffix list bundled with `tld` (courlan's own dependency, read
offline). Its name is the registrable domain itself (`theguardian.com`, `bbc.co.uk`): unambiguous
and always right, where a capitalisation guessed from the label (`Theguardian`, `Nytimes`) is wrong
as often as not and may merge two sites that share a label under different suffixes.
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


def registrable_domain(url: str | None) -> str | None:
    """`https://edition.cnn.com/x` -> `cnn.com`. A suffix the list does not know counts as one label
    (the list's own default rule `*`): `news.gazette.example` -> `gazette.example`."""
    if not url:
        return None
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
        return str(domain)
    labels = host.split(".")
    if len(labels) < 2 or host.replace(".", "").isdigit():
        return None  # a bare name (localhost) or an IP address
    return ".".join(labels[-2:])


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
    value = " ".join(value.split()).strip(" |-\u2013\u2014:\"'\u201c\u201d")
    parts = [p for p in _SEPARATORS.split(value) if p.strip()]
    if len(parts) > 1:
        # "Site | tagline": keep the part that names the domain; a list of topics names none.
        named = [p for p in parts if _names_domain(p, domain)]
        if len(named) != 1:
            return None
        value = named[0].strip()
    if not value or len(value) > MAX_CHARS or len(value.split()) > MAX_WORDS:
        return None
    if not any(c.isalpha() for c in value):
        return None
    if _names_domain(value, domain):
        return value  # also when a logo repeats it as the page's h1
    if value.casefold() in taken or weak or value.islower() or _plain_word(value):
        return None
    return value
