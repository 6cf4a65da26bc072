"""hubgen: generate a Hub that follows the Hub contract, at any size.

The four country apps (uk, fr, de, us) each write their users and logins in
their own encoding, delimiter, line ending, header language, date and time
formats and file names; deliveries are monthly or daily; defects of every
kind the pipeline handles are planted at a chosen rate, whole-file defects
(an empty file, a contract break) on request, and a manifest (the columns of
tests/planted_defects.csv, and the kind of defect) says where each must end.

    python -m hubgen --help

`ALL_DEFECTS` names every kind of defect hubgen can plant.
"""
from .file_defects import FILE_DEFECTS
from .hub import DEFECTS

ALL_DEFECTS = {**DEFECTS, **{kind: "whole file" for kind in FILE_DEFECTS}}
