"""Forms for filtering actions and recording progress. Every write is validated here.

progress: the action list's filters, status and RAG, progress updates, the action's details;
records: plans, measures, measure values, briefing pack requests;
members: who takes over a departing member's actions;
evaluation: the partnership's self-evaluation of an area for priority action.
"""

from actions.forms.evaluation import SelfEvaluationForm
from actions.forms.members import MemberRemoveForm
from actions.forms.progress import (
    MAX_NARRATIVE,
    ActionDetailsForm,
    ActionFilterForm,
    ActionStatusForm,
    OwnerFilterForm,
    ProgressUpdateForm,
    no_nul,
)
from actions.forms.records import (
    MeasureCommentaryForm,
    MeasureForm,
    MeasureValueForm,
    PackRequestForm,
    PlanForm,
)

__all__ = [
    "MAX_NARRATIVE",
    "ActionDetailsForm",
    "ActionFilterForm",
    "ActionStatusForm",
    "MeasureCommentaryForm",
    "MeasureForm",
    "MeasureValueForm",
    "MemberRemoveForm",
    "OwnerFilterForm",
    "PackRequestForm",
    "PlanForm",
    "ProgressUpdateForm",
    "SelfEvaluationForm",
    "no_nul",
]
