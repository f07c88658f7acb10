from pathlib import Path

import pytest

from pipeline.vocabulary import load_vocabulary

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def vocab():
    return load_vocabulary(ROOT / "rules")
