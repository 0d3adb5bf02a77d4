"""``python -m tests.documents.serve DATA_DIR PORT``: a real server; COMPACT_EVERY can be set."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import uvicorn

from collaboratory.config import load_settings
from collaboratory.server import create_app


def main() -> None:
    data_dir, port = Path(sys.argv[1]), int(sys.argv[2])
    settings = load_settings(
        data_dir=data_dir, runtimes={"warm_pool_enabled": False, "survive_restart": False}
    )
    app = create_app(settings)
    documents = app.state.services.documents
    if "COMPACT_EVERY" in os.environ:  # snapshots during the test, not only at unload
        documents.rooms.compact_every = int(os.environ["COMPACT_EVERY"])
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
