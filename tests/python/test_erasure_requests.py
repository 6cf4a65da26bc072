"""A malformed erasure list (`<hub_dir>/erasure_requests.csv`) stops the run
at its start, before any model rebuilds data it should erase, with one line
naming the line and what is wrong with it (never a CSV reader's dump).
The erasure itself is tested in test_privacy.py."""
import re

import pytest

from conftest import Build, error_messages

HEADER = "country_code,user_id,requested_on"
# The line 2 of the list, and what the one line of the error must say about it.
MALFORMED = {
    "too many fields": ("GB,3,2025-03-01,extra", r"\b4 fields\b.*\b3\b"),
    "unclosed quote": ('GB,"3,2025-03-01', r"\b(unclosed|not closed)\b"),
    "too few fields": ("GB,3", r"\b2 fields\b.*\b3\b"),
}


@pytest.mark.parametrize("line, problem", MALFORMED.values(), ids=MALFORMED)
def test_a_malformed_line_stops_the_run_at_its_start_in_one_line(copy_of_sample_hub, tmp_path,
                                                                 line, problem):
    requests = copy_of_sample_hub / "erasure_requests.csv"
    requests.write_text(f"{HEADER}\nGB,4,2025-03-01\n{line}\n")
    result = Build(copy_of_sample_hub, tmp_path).run("build")
    output = result.stdout + result.stderr
    assert result.returncode != 0, "the run should have stopped"
    assert "Traceback" not in output
    # The start hooks run (the run log, then the checks); no model or test.
    assert not re.search(r"\d+ of \d+ START (?!hook:)", output), "a node ran before the run stopped"
    messages = error_messages(output)
    assert len(messages) == 1 and len(messages[0]) == 1, f"not one line: {messages}"
    message = messages[0][0]
    assert f"Erasure requests {requests}, line 3" in message, message
    assert re.search(problem, message), message
