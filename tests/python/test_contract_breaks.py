"""Contract breaks stop the run and say which file and what is wrong."""
from pathlib import Path

from conftest import Build


def build(hub: Path, tmp_path: Path) -> Build:
    result = Build(hub, tmp_path).run("build")
    assert result.returncode != 0, "the run should have stopped"
    return result


def test_missing_header_column_names_the_file_and_the_column(copy_of_sample_hub, tmp_path):
    users = copy_of_sample_hub / "fr" / "FR User Data.csv"
    users.write_bytes(users.read_bytes().replace(b"courriel", b"adresse_mail", 1))
    output = build(copy_of_sample_hub, tmp_path).stdout
    assert "Hub contract break in fr/FR User Data.csv" in output
    assert "required column(s) missing from the header: courriel" in output


def test_renamed_login_column_stops_the_run(copy_of_sample_hub, tmp_path):
    logins = copy_of_sample_hub / "uk" / "UK-User-LoginTS.csv"
    logins.write_bytes(logins.read_bytes().replace(b"login_timestamp", b"login_time", 1))
    output = build(copy_of_sample_hub, tmp_path).stdout
    assert "Hub contract break in uk/UK-User-LoginTS.csv" in output
    assert "login_timestamp" in output


def test_bytes_undefined_in_windows_1252_name_the_file(copy_of_sample_hub, tmp_path):
    users = copy_of_sample_hub / "fr" / "FR User Data.csv"
    users.write_bytes(users.read_bytes() + b"13;Bad\x81Byte;X;x@example.fr;01/01/1980;75001;;2024-01-01\r\n")
    output = build(copy_of_sample_hub, tmp_path).stdout
    assert "FR User Data.csv" in output and "not cp1252 encoded" in output


def test_invalid_utf8_names_the_file(copy_of_sample_hub, tmp_path):
    users = copy_of_sample_hub / "uk" / "UK User Data.csv"
    users.write_bytes(users.read_bytes() + "50,Zoë,Latin1,z@example.co.uk,01/01/1980,,,01/01/2024\n".encode("latin-1"))
    output = build(copy_of_sample_hub, tmp_path).stdout
    assert "UK User Data.csv" in output and "not utf-8 encoded" in output.lower()


def test_a_wrong_or_empty_hub_dir_stops_the_run_saying_what_to_do(tmp_path):
    empty = tmp_path / "empty-hub"
    empty.mkdir()
    for hub in (tmp_path / "no-such-folder", empty):
        output = build(hub, tmp_path).stdout
        assert f"No delivery found in the Hub folder '{hub}'" in output
        assert "--vars '{hub_dir: /path/to/hub}'" in output


def test_an_unregistered_country_folder_is_named(copy_of_sample_hub, tmp_path):
    (copy_of_sample_hub / "gb").mkdir()
    (copy_of_sample_hub / "gb" / "GB User Data.csv").write_text("user_id\n1\n")
    result = Build(copy_of_sample_hub, tmp_path).run("build")
    assert "Hub folder 'gb/' is not a registered country" in result.stdout
    assert "WARN=1" in result.stdout.strip().splitlines()[-1]  # the file shows as unrecognised
