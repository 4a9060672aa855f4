"""The workflow runtime, built on first use and kept on the app for its lifetime."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from aura_api.deps import get_resources
from aura_api.workflows.runtime import WorkflowRuntime


# A coroutine on purpose: FastAPI runs plain-function dependencies on its thread pool.
async def get_runtime(request: Request) -> WorkflowRuntime:
    runtime: WorkflowRuntime | None = getattr(request.app.state, "workflow_runtime", None)
    if runtime is None:
        runtime = WorkflowRuntime.from_resources(get_resources(request))
        request.app.state.workflow_runtime = runtime
    return runtime


RuntimeDep = Annotated[WorkflowRuntime, Depends(get_runtime)]
