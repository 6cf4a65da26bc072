"""A fifth country, added exactly as docs/adding-a-country.md says, passes
the checks with no other edit.

A copy of the project (without .venv, .git, target or databases) gets a
throwaway Japanese app the way a newcomer would add it: Excel on Japanese
Windows (`cp932`: it writes 髙, which strict Shift_JIS cannot), Japanese
headers and file names, monthly deliveries dated `YYYYMM`, Asia/Tokyo with
no daylight saving. Then the checks that would fail if any of them listed
countries run in the copy: the ones that read the registry, the
robustness suite (every kind planted in a generated Hub with the new app),
the contract breaks for the new app, and the sample Hub's build with its
planted lines. Each step below is the guide's step of that number."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import PROJECT

DBT_ENV = Path(os.environ.get("VIRTUAL_ENV", PROJECT / ".venv"))
NOT_COPIED = shutil.ignore_patterns(".venv", ".git", "target", "*.duckdb", "*.duckdb.wal", ".duckdb_tmp",
                                    "node_modules", "site", "prod-manifest", "logs", "__pycache__",
                                    ".pytest_cache", "dbt_packages")

# 2. The registry entry, under vars.hub_countries in dbt_project.yml.
REGISTRY_ENTRY = """\
    jp:
      country_code: JP
      time_zone: Asia/Tokyo
      encoding: cp932
      delimiter: ","
      phone_country_code: "81"
      postcode_pattern: "^[0-9]{3}-[0-9]{4}$"
      # Compact postcodes get their hyphen back: 1500001 -> 150-0001.
      postcode_format:
        pattern: "^([0-9]{3})([0-9]{4})$"
        replacement: "\\\\1-\\\\2"
      # The first three digits: a city or a ward.
      postcode_area_pattern: "^[0-9]{3}"
      users:
        file_pattern: "JP_ユーザー*.csv"
        columns:
          user_id: ユーザーID
          first_name: 名
          last_name: 姓
          email: メールアドレス
          date_of_birth: 生年月日
          postcode: 郵便番号
          phone: 電話番号
          signup_date: 登録日
        formats:
          date_of_birth: "%Y/%m/%d"
          signup_date: "%Y/%m/%d"
      logins:
        file_pattern: "JP_ログイン*.csv"
        columns:
          user_id: ユーザーID
          logged_in_at: ログイン日時
        formats:
          logged_in_at: "%Y/%m/%d %H:%M:%S"
"""

# 4. The app, described for the Hub generator from its files.
HUBGEN_DESCRIPTION = """\
# How the JP app writes its files: Excel on Japanese Windows. Every field
# is explained in uk.toml.
encoding = "cp932"
byte_order_mark = false
delimiter = ","
line_ending = "CRLF"
users_file = "JP_ユーザー{suffix}.csv"
logins_file = "JP_ログイン{suffix}.csv"
monthly_suffix = "_%Y%m"
daily_suffix = "_%Y%m%d"
users_header = ["ユーザーID", "名", "姓", "メールアドレス", "生年月日", "郵便番号", "電話番号", "登録日"]
logins_header = ["ユーザーID", "ログイン日時"]
date_of_birth_format = "%Y/%m/%d"
signup_format = "%Y/%m/%d"
login_format = "%Y/%m/%d %H:%M:%S"
login_zone = "Asia/Tokyo"
user_id_prefix = ""
user_id_digits = 0
first_names = [["太郎", "taro"], ["花子", "hanako"], ["  翔 ", "sho"], ["陽菜", "hina"], ["蓮", "ren"]]
last_names = [["髙橋", "takahashi"], ["佐藤", "sato"], ["鈴木", "suzuki"], ["渡邊", "watanabe"], ["伊藤", "ito"]]
email_domains = ["example.jp", "shinmail.jp"]
postcodes = ["1##-####", "###-####", "100-0001", "150####"]
phones = ["090-####-####", "+81 80-####-####", "03-####-####"]
"""

# 5. Sample files (cp932, CRLF) and where each planted line must end.
USERS_HEADER = "ユーザーID,名,姓,メールアドレス,生年月日,郵便番号,電話番号,登録日"
LOGINS_HEADER = "ユーザーID,ログイン日時"
SAMPLE_FILES = {
    "JP_ユーザー.csv": [
        USERS_HEADER,
        "1,太郎,髙橋,taro.takahashi@example.jp,1985/04/12,100-0001,090-1234-5678,2024/11/02",
        "2,花子,佐藤,hanako.sato@example.jp,1990/02/30,1500001,03-1234-5678,2024/12/01",
        "3,  翔 ,鈴木,SHO.SUZUKI@EXAMPLE.JP,2001/07/07,,,2025/01/05",
        "3,  翔 ,鈴木,SHO.SUZUKI@EXAMPLE.JP,2001/07/07,,,2025/01/05",
        "4,陽菜,渡邊,hina.watanabe@@example.jp,1999/09/09,530-0001,080-1111-2222,2025/01/10",
        "X5,蓮,伊藤,ren.ito@example.jp,1995/05/05,530-0001,080-3333-4444,2025/01/12",
        "6,蓮,伊藤",
        "7,さくら,山本,sakura.yamamoto@example.jp,1988/03/03,060-0001,+81 90-5555-6666,2025/01/15",
    ],
    "JP_ユーザー_202504.csv": [
        USERS_HEADER,
        "1,太郎,髙橋,taro.takahashi@shinmail.jp,1985/04/12,100-0001,090-1234-5678,2024/11/02",
        "8,大翔,中村,hiroto.nakamura@example.jp,2000/12/31,812-0011,092-123-4567,2025/04/02",
    ],
    "JP_ログイン.csv": [
        LOGINS_HEADER,
        "1,2025/01/15 09:00:00",
        "2,2025/01/15 23:30:00",
        "3,2025/03/30 02:30:00",  # a Paris gap, not a Tokyo one: Tokyo keeps its clocks
        "3,2025/03/30 02:30:00",
        "99,2025/01/16 10:00:00",
        "8,2025/03/01 08:00:00",  # user 8 arrives in April
        "1,2025/02/30 10:00:00",
    ],
    "JP_ログイン_202505.csv": [LOGINS_HEADER],
}
PLANTED = """\
jp/JP_ユーザー.csv,2,loaded,,last_name,髙橋
jp/JP_ユーザー.csv,2,loaded,,phone_e164,+819012345678
jp/JP_ユーザー.csv,3,field_issue,invalid_date,date_of_birth,
jp/JP_ユーザー.csv,3,loaded,,postcode,150-0001
jp/JP_ユーザー.csv,4,loaded,,first_name,翔
jp/JP_ユーザー.csv,4,loaded,,email,sho.suzuki@example.jp
jp/JP_ユーザー.csv,5,duplicate,,,
jp/JP_ユーザー.csv,6,quarantined,invalid_email,,
jp/JP_ユーザー.csv,7,quarantined,invalid_user_id,,
jp/JP_ユーザー.csv,8,quarantined,wrong_field_count,,
jp/JP_ユーザー.csv,9,loaded,,phone_e164,+819055556666
jp/JP_ユーザー_202504.csv,2,loaded,,email,taro.takahashi@shinmail.jp
jp/JP_ログイン.csv,2,loaded,,logged_in_at_utc,2025-01-15 00:00:00
jp/JP_ログイン.csv,3,loaded,,logged_in_at_utc,2025-01-15 14:30:00
jp/JP_ログイン.csv,4,loaded,,logged_in_at_utc,2025-03-29 17:30:00
jp/JP_ログイン.csv,5,duplicate,,,
jp/JP_ログイン.csv,6,quarantined,unknown_user,,
jp/JP_ログイン.csv,7,loaded,,logged_in_at_utc,2025-02-28 23:00:00
jp/JP_ログイン.csv,8,quarantined,invalid_login_time,,
"""

# 6. The docs front page: the Hub tree's line and the per-app table's row.
TREE_LINE = "  jp/  JP_ユーザー.csv         JP_ログイン.csv        (later: JP_ユーザー_202504.csv)\n"
TABLE_ROW = ("| JP (`JP`) | `jp/` | `cp932` (Shift_JIS as Windows writes it), CRLF | `,` | `YYYY/MM/DD` |"
             " `YYYY/MM/DD HH:MM:SS`, Asia/Tokyo wall clock | integers |\n")

# 8. The checks that take countries from the registry, run in the copy.
CHECKS = [
    "tests/python/test_registry.py::test_the_shipped_registry_parses",
    "tests/python/test_registry.py::test_the_overview_table_lists_every_registered_country_as_registered",
    "tests/python/test_registry.py::test_the_overview_tree_shows_every_registered_country_s_files",
    "tests/python/test_hubgen.py::test_each_country_writes_its_own_format",
    "tests/python/test_hubgen.py::test_every_file_defect_can_be_written_for_every_country",
    "tests/python/test_hubgen.py::test_append_days_adds_one_daily_delivery",
    "tests/python/test_contract_breaks.py::test_a_new_country_s_files_are_checked_against_the_contract_too",
    "tests/python/test_privacy.py::test_a_malformed_erasure_list_stops_the_run_at_its_start",
    "tests/python/test_sample_hub.py",
    "tests/python/test_robustness.py",
]


def add_japan(project: Path):
    """Steps 2, 4, 5 and 6 of the guide."""
    settings = project / "dbt_project.yml"
    text = settings.read_text()
    registry_end = text.index("\nmodels:")  # the registry is the last of the vars
    settings.write_text(text[:registry_end].rstrip("\n") + "\n" + REGISTRY_ENTRY + text[registry_end:])

    (project / "hubgen" / "countries" / "jp.toml").write_text(HUBGEN_DESCRIPTION, encoding="utf-8")

    folder = project / "sample_hub" / "jp"
    folder.mkdir()
    for name, lines in SAMPLE_FILES.items():
        (folder / name).write_bytes("".join(line + "\r\n" for line in lines).encode("cp932"))
    with open(project / "tests" / "planted_defects.csv", "a", encoding="utf-8") as planted:
        planted.write(PLANTED)

    overview = project / "models" / "overview.md"
    text = overview.read_text()
    tree_end = text.index("```\n", text.index("<hub_dir>/"))
    text = text[:tree_end] + TREE_LINE + text[tree_end:]
    last_row = text.index("\n", text.index("| US (`US`)")) + 1
    overview.write_text(text[:last_row] + TABLE_ROW + text[last_row:])


def test_a_fifth_country_added_as_the_guide_says_passes_the_checks(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(PROJECT, project, ignore=NOT_COPIED)
    add_japan(project)
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    env |= {"VIRTUAL_ENV": str(DBT_ENV), "PATH": f"{DBT_ENV / 'bin'}{os.pathsep}{env['PATH']}"}

    parse = subprocess.run([str(DBT_ENV / "bin" / "dbt"), "parse", "--target-path", str(tmp_path / "target")],
                           cwd=project, env={**env, "DBT_PROFILES_DIR": str(project),
                                             "DBT_DUCKDB_PATH": str(tmp_path / "parse.duckdb")},
                           capture_output=True, text=True)
    assert parse.returncode == 0, parse.stdout[-3000:]  # step 3

    checks = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "--basetemp", str(tmp_path / "checks"), *CHECKS],
                            cwd=project, env=env, capture_output=True, text=True)
    summary = [line for line in checks.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert checks.returncode == 0, "\n".join(summary[:40] + checks.stdout.splitlines()[-1:])
