"""Reading: decoding, look-alike normalisation and debris, on crafted bytes."""
import codecs

import pytest

from generator.read import DecodeError, Debris, decode, normalise, read_source

DEBRIS = Debris.from_config({
    "inline": [{"pattern": r"\[bookmark: [^\]]*\]"}],
    "lines": [{"text": "加大字体 缩小字体 收藏 取消收藏 打印"}, {"text": "扫码使用手机浏览本页内容"}],
})


def test_utf8_with_and_without_bom_decode_the_same():
    text = "一、总体要求\n"
    assert decode(codecs.BOM_UTF8 + text.encode(), "a.txt")[0] == text
    assert decode(text.encode(), "a.txt")[0] == text


def test_gb18030_is_read_when_not_utf8():
    assert decode("责任单位：县公安局".encode("gb18030"), "a.txt") == ("责任单位：县公安局", "gb18030")


def test_utf16_with_bom():
    data = codecs.BOM_UTF16_LE + "（一）指导思想".encode("utf-16-le")
    assert decode(data, "a.txt")[0] == "（一）指导思想"


def test_undecodable_bytes_are_refused_with_file_and_advice():
    with pytest.raises(DecodeError) as err:
        decode(b"\x81\x30\xff\xfe\xfa", "content/plans/x.txt")
    assert "content/plans/x.txt" in str(err.value) and "iconv" in str(err.value)


def test_spaces_and_look_alikes_normalised_but_punctuation_kept():
    assert normalise("1.\u00a0全面\u3000深化\u200b改革（一），⽼人") == "1. 全面 深化改革（一），老人"


def test_crlf_nbsp_and_debris(tmp_path):
    path = tmp_path / "p.txt"
    path.write_bytes("标题\r\n加大字体 缩小字体 收藏 取消收藏 打印\r\n[bookmark: _Toc1]第一章  发展基础\r\n\u00a0\r\n".encode())
    source = read_source(path.read_bytes(), "p.txt", DEBRIS)
    assert source.lines == ["标题", "", "第一章  发展基础", ""]
    assert [(r.line, r.text) for r in source.removed] == [(2, "加大字体 缩小字体 收藏 取消收藏 打印"),
                                                          (3, "[bookmark: _Toc1]")]


def test_debris_phrase_inside_a_sentence_is_kept(tmp_path):
    path = tmp_path / "p.txt"
    path.write_text("鼓励群众扫码使用手机浏览本页内容并提出意见。\n", encoding="utf-8")
    assert read_source(path.read_bytes(), "p.txt", DEBRIS).lines == ["鼓励群众扫码使用手机浏览本页内容并提出意见。"]
