"""safe_filename and the names a download takes from a server's answer or its URL."""

from __future__ import annotations

import pytest

from neurospeed_ext.download import safe_filename
from neurospeed_ext.download.names import (
    MAX_BYTES,
    MAX_CHARS,
    filename_from_disposition,
    filename_from_url,
)
from neurospeed_ext.download.urls import redact_url, scrub


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("export.csv", "export.csv"),
        ("my data (1).csv", "my data (1).csv"),
        ("../../evil.csv", "evil.csv"),
        ("..\\..\\evil.csv", "evil.csv"),
        ("/etc/passwd", "passwd"),
        ("C:\\Windows\\system32\\x.dll", "x.dll"),
        ("C:evil.csv", "C_evil.csv"),
        ("dir/", "download"),
        ('a<b>c:d"e|f?g*h.csv', "a_b_c_d_e_f_g_h.csv"),
        ("nul\x00byte.csv", "nulbyte.csv"),
        ("tab\tand\nnewline\r.csv", "tabandnewline.csv"),
        ("\x1b[31mred.csv", "[31mred.csv"),
        ("invoice\u202etxt.exe", "invoicetxt.exe"),
        (".bashrc", "bashrc"),
        ("...", "download"),
        ("..", "download"),
        (".", "download"),
        ("", "download"),
        ("   ", "download"),
        ("name. . ", "name"),
        ("CON", "_CON"),
        ("con.txt", "_con.txt"),
        ("NUL.tar.gz", "_NUL.tar.gz"),
        ("com1", "_com1"),
        ("LPT9.csv", "_LPT9.csv"),
        ("aux .csv", "_aux .csv"),
        ("CONSOLE.csv", "CONSOLE.csv"),
        ("e\u0301te\u0301.csv", "\u00e9t\u00e9.csv"),
    ],
)
def test_safe_filename(raw: str, safe: str) -> None:
    assert safe_filename(raw) == safe


def test_default_is_used_and_cleaned() -> None:
    assert safe_filename("../", default="export.csv") == "export.csv"
    assert safe_filename("", default="../../x.csv") == "x.csv"
    assert safe_filename("", default="..") == "download"


def test_long_names_keep_their_suffix() -> None:
    name = safe_filename("x" * 500 + ".csv")
    assert len(name) == MAX_CHARS and name.endswith("x.csv")
    wide = safe_filename("\u00e9" * 300 + ".csv")
    assert len(wide.encode()) <= MAX_BYTES and wide.endswith("\u00e9.csv")
    no_suffix = safe_filename("y" * 300)
    assert no_suffix == "y" * MAX_CHARS
    odd = safe_filename("z" * 250 + "." + "q" * 40)
    assert len(odd) == MAX_CHARS and odd.startswith("z")


def test_every_result_is_one_harmless_component() -> None:
    for raw in ["../a", "a/../../b", "\\\\server\\share\\c", "/", "\\", "~/.ssh/id", "a\x00/b"]:
        name = safe_filename(raw)
        assert name and "/" not in name and "\\" not in name and "\x00" not in name
        assert not name.startswith(".") and name not in (".", "..")


@pytest.mark.parametrize(
    ("header", "name"),
    [
        ('attachment; filename="my data.csv"', "my data.csv"),
        ("attachment; filename=plain.csv", "plain.csv"),
        ("attachment; filename*=UTF-8''na%C3%AFve%20file.csv; filename=x.csv", "naïve file.csv"),
        ("attachment; filename=x.csv; filename*=utf-8''%E2%82%AC.csv", "€.csv"),
        ('attachment; filename="../../etc/passwd"', "../../etc/passwd"),
        ("attachment", None),
        ("inline; filename=", None),
        ("", None),
        (None, None),
    ],
)
def test_filename_from_disposition(header: str | None, name: str | None) -> None:
    assert filename_from_disposition(header) == name


def test_filename_from_url() -> None:
    assert filename_from_url("https://h/a/b/my%20file.csv?sig=x#f") == "my file.csv"
    assert filename_from_url("https://h/a/dir/") == "dir"
    assert filename_from_url("https://h/") is None
    assert filename_from_url("https://h") is None


def test_urls_lose_their_secrets() -> None:
    url = "https://user:hunter22@h.example:8443/x/y.csv?expires=123&signature=abc%2Bdef#frag"
    assert redact_url(url) == "https://h.example:8443/x/y.csv"
    text = "GET /x/y.csv?expires=123&signature=abc%2Bdef failed; sig abc+def; pw hunter22"
    scrubbed = scrub(text, url)
    assert "abc" not in scrubbed and "hunter22" not in scrubbed and "/x/y.csv" in scrubbed
