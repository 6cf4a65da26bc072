"""hubgen: generate a Hub that follows the Hub contract, at any size.

Each country app (one description per app in hubgen/countries/) writes its
users and logins in its own encoding, delimiter, line ending, header
language, date and time formats and file names; deliveries are monthly or
daily; defects of every kind the pipeline handles are planted at a chosen
rate, whole-file defects (an empty file, a contract break, a tricky name
or folder) on request, and a manifest (the columns of
tests/planted_defects.csv, and the kind of defect) says where each must
end.

    python -m hubgen --help

`ALL_DEFECTS` names every kind of defect hubgen can plant.
"""
from .file_defects import FILE_DEFECTS
from .hub import DEFECTS

ALL_DEFECTS = {**DEFECTS, **{kind: "whole file" for kind in FILE_DEFECTS}}
