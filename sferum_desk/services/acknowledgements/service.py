"""AcknowledgementService, composed of this package's use cases (acts, signatures, sheets)."""

from __future__ import annotations

from sferum_desk.services.acknowledgements.acts import ActsMixin
from sferum_desk.services.acknowledgements.sheets import SheetsMixin
from sferum_desk.services.acknowledgements.signatures import SignaturesMixin


class AcknowledgementService(ActsMixin, SignaturesMixin, SheetsMixin):
    """Local acts and who has read them (the package's docstring)."""
