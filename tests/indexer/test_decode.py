"""decode_document: BOM, HTTP charset, meta charset, detection; binary refused, bad bytes replaced."""
from __future__ import annotations

import codecs

import pytest
from newsfacet.indexer.clean import clean_html
from newsfacet.indexer.decode import decode_document
from newsfacet.indexer.errors import InputFailed

RUSSIAN = ("Правительство объявило о строительстве новой линии метро, которая соединит "
           "северные районы города с вокзалом. Работы начнутся весной следующего года.")
KOREAN = ("서울시는 내년 봄부터 새로운 지하철 노선 공사를 시작한다고 밝혔다. "
          "이 노선은 도시 북부 지역과 중앙역을 연결하게 된다.")
FRENCH = "Le café de la gare a rouvert ses portes après des travaux d'été : élèves et employés s'y retrouvent."


def page(text: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><p>{text}</p></body></html>"


def test_cp1251_russian_from_meta_charset() -> None:
    data = page(RUSSIAN, '<meta charset="windows-1251">').encode("cp1251")
    assert RUSSIAN in decode_document(data, is_html=True)


def test_cp1251_russian_detected_without_declaration() -> None:
    data = (RUSSIAN + " " + RUSSIAN).encode("cp1251")
    assert RUSSIAN in decode_document(data)


def test_euc_kr_korean_from_http_equiv() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
    data = page(KOREAN, head).encode("euc-kr")
    assert KOREAN in decode_document(data, is_html=True)


def test_euc_kr_korean_from_content_type_header() -> None:
    data = page(KOREAN).encode("euc-kr")
    assert KOREAN in decode_document(data, content_type="text/html; charset=EUC-KR", is_html=True)


def test_latin1_page_declared_iso_8859_1() -> None:
    data = page(FRENCH, '<meta charset="iso-8859-1">').encode("latin-1")
    assert FRENCH in decode_document(data, is_html=True)


def test_latin1_page_without_declaration() -> None:
    data = page(FRENCH + " " + FRENCH).encode("latin-1")
    assert FRENCH in decode_document(data, is_html=True)


def test_header_charset_wins_over_meta() -> None:
    data = page(RUSSIAN, '<meta charset="utf-8">').encode("cp1251")
    assert RUSSIAN in decode_document(data, content_type="text/html; charset=windows-1251", is_html=True)


@pytest.mark.parametrize("bom,codec", [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                       (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_bom_wins(bom: bytes, codec: str) -> None:
    # The meta tag lies; the byte-order mark does not.
    data = bom + page(RUSSIAN, '<meta charset="iso-8859-1">').encode(codec)
    text = decode_document(data, is_html=True)
    assert RUSSIAN in text and not text.startswith("\ufeff")


def test_invalid_bytes_are_replaced_not_raised() -> None:
    data = b"<p>caf\xc3\xa9 and a broken \xff\xfe\xc3 byte run in utf-8 text</p>" + "é".encode() * 50
    text = decode_document(data, content_type="text/html; charset=utf-8", is_html=True)
    assert "café" in text and "\ufffd" in text


def test_binary_data_fails() -> None:
    data = bytes(range(256)) * 40
    with pytest.raises(InputFailed, match="binary"):
        decode_document(data)


def test_clean_html_decodes_cp1251_bytes() -> None:
    html = page(RUSSIAN + " " + RUSSIAN, '<meta charset="windows-1251">').encode("cp1251")
    assert RUSSIAN in clean_html(html).body
