"""Every write on workstreams, milestones, actions and status updates.

Keyword-only `<entity>_<action>(*, …, actor)` functions, atomic, validated with
`full_clean()` before saving. Edits take the `version` the form was loaded with: the row is
locked (`select_for_update`), and a version that moved on means someone else saved in
between, so the edit is refused with `ConcurrentEditError` instead of silently overwriting
(the history keeps every save, which a bulk `update()` would skip).

One module per kind of object; callers import from `workstreams.services`.
"""

from workstreams.services.base import (
    ACTION_FIELDS,
    MILESTONE_FIELDS,
    OFFICIALISATION_NEEDS_CST,
    STATUS_UPDATE_FIELDS,
    WORKSTREAM_FIELDS,
    WORKSTREAM_M2M,
    ConcurrentEditError,
    InvalidTransitionError,
    ensure_workstream_open,
)
from workstreams.services.milestone_action import (
    action_create,
    action_done,
    action_update,
    milestone_archive,
    milestone_create,
    milestone_miss,
    milestone_postpone,
    milestone_reach,
    milestone_update,
)
from workstreams.services.status_update import (
    ONE_DRAFT,
    ONE_DRAFT_OF_SOMEONE_ELSE,
    _refresh_status,
    status_update_create,
    status_update_edit,
    status_update_open_draft,
    status_update_previous,
    status_update_publish,
    status_update_return,
    status_update_submit,
    status_update_withdraw,
    trend,
    workstreams_refresh_status,
)
from workstreams.services.workstream import (
    CARRIED_FIELDS,
    workstream_archive,
    workstream_create,
    workstream_record_cst_opinion,
    workstream_update,
    workstreams_carry_over,
)

__all__ = [
    "ACTION_FIELDS",
    "ONE_DRAFT",
    "ONE_DRAFT_OF_SOMEONE_ELSE",
    "CARRIED_FIELDS",
    "ConcurrentEditError",
    "InvalidTransitionError",
    "MILESTONE_FIELDS",
    "OFFICIALISATION_NEEDS_CST",
    "STATUS_UPDATE_FIELDS",
    "WORKSTREAM_FIELDS",
    "WORKSTREAM_M2M",
    "_refresh_status",
    "action_create",
    "action_done",
    "action_update",
    "ensure_workstream_open",
    "milestone_archive",
    "milestone_create",
    "milestone_miss",
    "milestone_postpone",
    "milestone_reach",
    "milestone_update",
    "status_update_create",
    "status_update_edit",
    "status_update_open_draft",
    "status_update_previous",
    "status_update_publish",
    "status_update_return",
    "status_update_submit",
    "status_update_withdraw",
    "trend",
    "workstream_archive",
    "workstream_create",
    "workstream_record_cst_opinion",
    "workstream_update",
    "workstreams_carry_over",
    "workstreams_refresh_status",
]
