"""Every package's models, imported so that Alembic sees one metadata."""

from collaboratory.accounts import models as _accounts  # noqa: F401
from collaboratory.db.base import Base
from collaboratory.documents import models as _documents  # noqa: F401
from collaboratory.drive import models as _drive  # noqa: F401
from collaboratory.runtimes import lease as _leases  # noqa: F401
from collaboratory.runtimes import models as _runtimes  # noqa: F401
from collaboratory.schedules import models as _schedules  # noqa: F401
from collaboratory.snippets import models as _snippets  # noqa: F401

metadata = Base.metadata
