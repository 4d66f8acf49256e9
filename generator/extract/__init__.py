"""Extract: from a plan's document tree to its metadata, tasks and units."""
from .metadata import plan_metadata
from .structure import Structure
from .tasks import PlanBuilder, check_units_coverage, collect_tasks

__all__ = ["PlanBuilder", "Structure", "check_units_coverage", "collect_tasks", "plan_metadata"]
