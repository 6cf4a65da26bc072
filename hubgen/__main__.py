"""Command line: python -m hubgen HUB [options]."""
import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from .countries import COUNTRIES
from .file_defects import FILE_DEFECTS, FILE_KINDS, write_file_defects
from .hub import DEFECTS, DELIVERY_DEFECTS, Spec, generate, write_manifest


def main(argv=None):
    codes = [c.code for c in COUNTRIES]
    parser = argparse.ArgumentParser(
        prog="python -m hubgen",
        description="Write a Hub that follows the Hub contract: every country's users and"
                    " logins in its own file format, one delivery a month or a day, with"
                    " defects planted at a chosen rate, and a manifest of where each"
                    " planted defect must end. The same options and seed give the same bytes.",
        epilog="Example: python -m hubgen /tmp/hub --users 25000 --logins-per-user 10"
               " --months 3 --deliveries daily --defect-rate 0.01; later"
               " python -m hubgen /tmp/hub <same options> --append-days 1"
               " adds the next day's delivery.")
    parser.add_argument("hub", type=Path, help="folder to write (must be empty or new,"
                        " unless --append-days)")
    parser.add_argument("--countries", default=",".join(codes),
                        help=f"comma-separated subset of {','.join(codes)} (default: all)")
    parser.add_argument("--users", type=int, default=1000, help="users per country (default 1000)")
    parser.add_argument("--logins-per-user", type=float, default=10,
                        help="average logins per user over the whole period (default 10)")
    parser.add_argument("--months", type=int, default=3, help="months of logins (default 3)")
    parser.add_argument("--start", type=dt.date.fromisoformat, default=dt.date(2025, 1, 1),
                        help="first day, YYYY-MM-DD (default 2025-01-01)")
    parser.add_argument("--deliveries", choices=["monthly", "daily"], default="monthly",
                        help="one delivery per month or per day (default monthly)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    line_kinds = [k for k in DEFECTS if k not in DELIVERY_DEFECTS]
    parser.add_argument("--defect-rate", type=float, default=0.01,
                        help="share of lines given a planted defect (one of "
                             + ", ".join(line_kinds) + "; line_too_long is planted once in each"
                             " file of the first delivery instead); 0 = clean (default 0.01)")
    parser.add_argument("--defects", metavar="KIND,...",
                        help="plant only these kinds of line defect (default: all)")
    parser.add_argument("--late-users", type=float, default=0.02,
                        help="share of users first delivered in a later delivery, after"
                             " some of their logins (default 0.02)")
    parser.add_argument("--corrections", type=float, default=0.01,
                        help="share of users whose e-mail a later delivery corrects (default 0.01)")
    parser.add_argument("--append-days", type=int, default=0, metavar="N",
                        help="write only the Nth extra daily delivery after the period into"
                             " an existing Hub generated with the same options")
    parser.add_argument("--file-defect", nargs=3, action="append", default=[],
                        metavar=("KIND", "COUNTRY", "FILES"),
                        help="also write one more delivery, of COUNTRY's FILES (users or"
                             " logins), with a whole-file defect: "
                             + "; ".join(f"{k}: {v}" for k, v in FILE_DEFECTS.items())
                             + ". Repeatable; each is dated a day after the previous one")
    parser.add_argument("--manifest", type=Path,
                        help="where to write the manifest (default: HUB.manifest.csv beside"
                             " the hub; never inside it, where the pipeline would read it)")
    args = parser.parse_args(argv)

    countries = tuple(args.countries.split(","))
    if unknown := set(countries) - set(codes):
        parser.error(f"unknown countries: {', '.join(sorted(unknown))}")
    hub = args.hub.resolve()
    if args.append_days == 0 and hub.exists() and any(hub.iterdir()):
        parser.error(f"{hub} is not empty")
    if args.append_days and not hub.is_dir():
        parser.error(f"--append-days needs the Hub generated first: {hub} does not exist")
    if args.append_days and args.file_defect:
        parser.error("--file-defect writes the day after the period, as --append-days does: not both")
    for kind, code, files in args.file_defect:
        if kind not in FILE_DEFECTS or code not in countries or files not in FILE_KINDS:
            parser.error(f"--file-defect {kind} {code} {files}: KIND is one of {', '.join(FILE_DEFECTS)};"
                         f" COUNTRY one of --countries; FILES users or logins")
    defects = tuple(args.defects.split(",")) if args.defects else None
    if unknown := set(defects or ()) - set(line_kinds):
        parser.error(f"--defects: not a kind of line defect: {', '.join(sorted(unknown))}")
    manifest = args.manifest or hub.with_name(hub.name + ".manifest.csv")
    spec = Spec(countries=countries, users=args.users, logins_per_user=args.logins_per_user,
                months=args.months, start=args.start, deliveries=args.deliveries, seed=args.seed,
                defect_rate=args.defect_rate, late_users=args.late_users,
                corrections=args.corrections, defects=defects)

    began = time.perf_counter()
    try:
        rows = generate(hub, spec, args.append_days)
        rows += write_file_defects(hub, spec, [tuple(d) for d in args.file_defect])
    except ValueError as error:
        parser.error(str(error))
    write_manifest(manifest, rows, keep_others=bool(args.append_days))
    print(f"{hub}: {time.perf_counter() - began:.1f} s, {len(rows)} manifest rows in {manifest}",
          file=sys.stderr)


if __name__ == "__main__":
    main()
