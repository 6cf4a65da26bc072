"""Any folder that follows the Hub contract works, with no code change."""
from pathlib import Path

from conftest import FR_USERS_HEADER as FR_USERS
from conftest import UK_USERS_HEADER as UK_USERS
from conftest import Build, write_fr
from conftest import write_uk as write


def make_march_hub(hub: Path):
    write(hub / "uk" / "UK User Data.csv", [
        UK_USERS,
        "100,Ada,Lovelace,ada@example.co.uk,10/12/1985,ec1a1bb,07700 900100,01/03/2025",
        "101,Alan,Turing,alan@example.co.uk,23/06/1982,M1 1AE,+44 7700 900101,02/03/2025",
    ])
    write(hub / "uk" / "UK User Data 2025-03-15.csv", [
        UK_USERS,
        "101,Alan,Turing,alan.turing@example.co.uk,23/06/1982,M1 1AE,+44 7700 900101,02/03/2025",
        "102,Grace,Hopper,grace@example.co.uk,09/12/1986,,,14/03/2025",
    ])
    write(hub / "uk" / "UK-User-LoginTS.csv", [
        "user_id,login_timestamp",
        "100,2025-03-02T08:00:00Z",
        "102,2025-03-10T09:00:00Z",  # user 102 arrives in the 15 March delivery
        "103,2025-03-11T09:00:00Z",  # never delivered
    ])
    write(hub / "uk" / "UK-User-LoginTS 2025-03-31.csv", [
        "user_id,login_timestamp",
        "101,2025-03-30T01:00:00Z",  # first instant of British Summer Time
        "100,2025-03-02T08:00:00Z",  # delivered again in a later file
    ])
    write_fr(hub / "fr" / "FR User Data.csv", [
        FR_USERS,
        "1;Cécile;Perrault;cecile@example.fr;01/02/1990;06000;06 11 11 11 11;2025-03-01",
    ])
    write_fr(hub / "fr" / "FR User Data 2025-03.csv", [
        FR_USERS,
        "2;Œdipe;L’Hôte;oedipe@example.fr;02/03/1991;97400;+33 6 22 22 22 22;2025-03-05",
    ])
    write_fr(hub / "fr" / "FR-User-LoginTS 2025-03.csv", [
        "id_utilisateur;horodatage_connexion",
        "1;29/03/2025 23:00:00",
        "2;30/03/2025 04:00:00",
    ])


def test_a_different_month_with_several_deliveries(tmp_path):
    hub = tmp_path / "march-hub"
    make_march_hub(hub)
    build = Build(hub, tmp_path)
    result = build.run("build")
    assert result.returncode == 0, result.stdout[-5000:]

    users = build.query("select country_code, source_user_id, email, postcode from marts.dim_users"
                        " order by country_code, source_user_id")
    assert users == [
        ("FR", "1", "cecile@example.fr", "06000"),
        ("FR", "2", "oedipe@example.fr", "97400"),
        ("GB", "100", "ada@example.co.uk", "EC1A 1BB"),
        ("GB", "101", "alan.turing@example.co.uk", "M1 1AE"),
        ("GB", "102", "grace@example.co.uk", None),
    ]
    assert build.one("select last_name from marts.dim_users where country_code = 'FR' and source_user_id = '2'") == "L’Hôte"

    logins = build.query(
        "select country_code, source_user_id, strftime(logged_in_at_utc, '%Y-%m-%d %H:%M'),"
        " strftime(logged_in_at_local, '%Y-%m-%d %H:%M') from marts.fct_logins order by 1, 2, 3")
    assert logins == [
        ("FR", "1", "2025-03-29 22:00", "2025-03-29 23:00"),
        ("FR", "2", "2025-03-30 02:00", "2025-03-30 04:00"),
        ("GB", "100", "2025-03-02 08:00", "2025-03-02 08:00"),
        ("GB", "101", "2025-03-30 01:00", "2025-03-30 02:00"),
        ("GB", "102", "2025-03-10 09:00", "2025-03-10 09:00"),
    ]
    assert build.query("select source_file, line_number, reason from marts.quarantine") == [
        ("uk/UK-User-LoginTS.csv", 4, "unknown_user")]
    balanced = build.one("select bool_and(rows_read = rows_loaded + rows_duplicate + rows_quarantined)"
                         " and sum(rows_read) = 13 from marts.file_reconciliation")
    assert balanced
