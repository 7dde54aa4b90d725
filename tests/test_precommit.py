"""The pre-commit hooks, met the way a user meets them: ``pre-commit try-repo`` on this repository.

pre-commit builds the hook's environment from this checkout (uncommitted changes included), so
these tests need git and the package registry that CI has.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOUBLED = "Lead paragraph of the article.\nLead paragraph of the article.\nBody paragraph.\n"
CLEAN = "Lead paragraph of the article.\nBody paragraph.\n"

pytestmark = pytest.mark.skipif(
    not (ROOT / ".git").exists() or shutil.which("git") is None,
    reason="needs a git checkout of this project",
)


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


def _project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    project = tmp_path / "articles"
    project.mkdir()
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "dedupe tests",
        "GIT_AUTHOR_EMAIL": "tests@example.org",
        "GIT_COMMITTER_NAME": "dedupe tests",
        "GIT_COMMITTER_EMAIL": "tests@example.org",
    }
    subprocess.run(["git", "init", "--quiet", str(project)], check=True, env=env)
    (project / "article.txt").write_text(DOUBLED, encoding="utf-8")
    subprocess.run(["git", "add", "article.txt"], cwd=project, check=True, env=env)
    return project, env


def _try_repo(
    hook: str, project: Path, env: dict[str, str], home: Path, files: tuple[str, ...] = ("--files", "article.txt")
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook, *files]
    return subprocess.run(
        command,
        cwd=project,
        env={**env, "PRE_COMMIT_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def test_fixing_hook_fails_and_fixes_then_passes(tmp_path: Path, pre_commit_home: Path) -> None:
    project, env = _project(tmp_path)
    first = _try_repo("dedupe", project, env, pre_commit_home)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert (project / "article.txt").read_text(encoding="utf-8") == CLEAN
    second = _try_repo("dedupe", project, env, pre_commit_home)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "Passed" in second.stdout


def test_checking_hook_fails_and_changes_nothing(tmp_path: Path, pre_commit_home: Path) -> None:
    project, env = _project(tmp_path)
    run = _try_repo("dedupe-check", project, env, pre_commit_home)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "would remove 1 duplicate paragraph" in run.stdout
    assert (project / "article.txt").read_text(encoding="utf-8") == DOUBLED


def test_hook_touches_only_the_duplicate_in_articles(tmp_path: Path, pre_commit_home: Path) -> None:
    project, env = _project(tmp_path)
    lead = "В Бишкеке за неделю выявлено 4191 нарушение правил дорожного движения, сообщает служба."
    article = f"{lead}\r\n{lead}\r\nОб этом\u00a0сообщила пресс-служба.  \r\n".encode("cp1251")
    others = {
        ".pre-commit-config.yaml": "repos:\n  - repo: local\n    hooks: []\n",
        "tool.py": "def f():\n    x = 1\n    x = 1\n    return x\n",
        "settings.yaml": "a:\n  b: 1\n  b: 1\n",
    }
    for name, text in others.items():
        (project / name).write_text(text, encoding="utf-8")
    (project / "article.txt").write_bytes(article)
    subprocess.run(["git", "add", "."], cwd=project, check=True, env=env)
    run = _try_repo("dedupe", project, env, pre_commit_home, ("--all-files",))
    assert run.returncode == 1, run.stdout + run.stderr  # it fixed a file
    for name, text in others.items():
        assert (project / name).read_text(encoding="utf-8") == text, name
    assert (project / "article.txt").read_bytes() == article.replace(f"{lead}\r\n".encode("cp1251"), b"", 1)


def test_hook_defaults_leave_a_repositorys_other_text_files_alone(tmp_path: Path, pre_commit_home: Path) -> None:
    project, env = _project(tmp_path)
    others = {
        "CMakeLists.txt": "cmake_minimum_required(VERSION 3.10)\nif(A)\n  if(B)\n  endif()\nendif()\n",
        "requirements.txt": "requests>=2.31\nrequests>=2.31\n",
        "constraints.txt": "numpy==1.26.4\nnumpy==1.26.4\n",
        "LICENSE.txt": f"{DOUBLED}",
        "tests/expected.txt": "PASSED test_one\nPASSED test_one\n",
        "logs/build.txt": "2024-05-01 10:00:01 INFO worker 1 started\n2024-05-01 10:00:01 INFO worker 1 started\n",
        "data/names.txt": "Kyle Busch 5040\nKyle Busch 5040\nMartin Truex 5035\n",
    }
    for name, text in others.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=project, check=True, env=env)
    run = _try_repo("dedupe", project, env, pre_commit_home, ("--all-files",))
    assert run.returncode == 1, run.stdout + run.stderr  # the article was fixed
    assert (project / "article.txt").read_text(encoding="utf-8") == CLEAN
    for name, text in others.items():
        assert (project / name).read_text(encoding="utf-8") == text, name


def test_the_readme_local_hook_works_with_the_installed_package(tmp_path: Path, pre_commit_home: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    config = readme.split("<!-- local hook -->\n```yaml\n", 1)[1].split("```", 1)[0]
    project, env = _project(tmp_path)
    (project / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=project, check=True, env=env)
    path = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # where `dedupe` is installed
    command = [sys.executable, "-m", "pre_commit", "run", "--all-files"]
    run_env = {**env, "PRE_COMMIT_HOME": str(pre_commit_home), "PATH": path}
    run = subprocess.run(command, cwd=project, env=run_env, capture_output=True, text=True, timeout=600, check=False)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "files were modified by this hook" in run.stdout
    assert (project / "article.txt").read_text(encoding="utf-8") == CLEAN
