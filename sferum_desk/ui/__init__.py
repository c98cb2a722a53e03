"""The Qt window.

The data layer is imported here, before any Qt module is: PySide6 hooks `import` and reads
the source file of every module imported after it (looking for `from __feature__ import`),
which for SQLAlchemy's and phonenumbers' hundreds of modules was a tenth of the window's start
(#17). Imported first, they are not looked at.
"""

import sferum_desk.db.engine  # noqa: F401 - see above
import sferum_desk.domain.phones  # noqa: F401
