"""The partnership's response: plans, actions, progress updates, measures, board packs.

One module per thing modelled; import from here (`from actions.models import Action`).
"""

from actions.models.action import RAG_VALUES, Action, ProgressUpdate, Rag
from actions.models.evaluation import SelfEvaluation
from actions.models.measure import Measure, MeasureMilestone, MeasureValue
from actions.models.pack import BoardPack
from actions.models.plan import Plan
from actions.models.sheet import SheetImport, SheetKind, SheetMapping

__all__ = [
    "RAG_VALUES",
    "Action",
    "BoardPack",
    "Measure",
    "MeasureMilestone",
    "MeasureValue",
    "Plan",
    "ProgressUpdate",
    "Rag",
    "SelfEvaluation",
    "SheetImport",
    "SheetKind",
    "SheetMapping",
]
