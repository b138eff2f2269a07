"""A call's observers told only what they can use.

pipecat's ``WorkerObserver`` queues every frame hop twice (processed, pushed) for every
observer, each queue drained by a task of its own: with the rep's audio coming in at
50 frames a second through a dozen processors and the bot's going out, that is
thousands of queue hand-offs a second per call for observers that look at none of them
— a call's only observer outside measuring is RTVI's, which skips audio frames (unless
audio levels are on, which the worker does not use) and does nothing on "processed".

:class:`QuietObservers` drops those before they are queued: "processed" only for an
observer that overrides ``on_process_frame``, and audio frames for none. Installed by
:func:`quiet_observers` on a worker that is not measuring latency (pipecat's latency
observers read every hop, so they keep pipecat's own).
"""

from __future__ import annotations

from typing import Any

from pipecat.frames.frames import AudioRawFrame
from pipecat.observers.base_observer import BaseObserver, FrameProcessed, FramePushed
from pipecat.pipeline.worker import PipelineWorker
from pipecat.pipeline.worker_observer import WorkerObserver


class QuietObservers(WorkerObserver):
    """``WorkerObserver`` without audio frames and without unused "processed" events."""

    async def on_process_frame(self, data: FrameProcessed) -> None:
        if not self._proxies or isinstance(data.frame, AudioRawFrame):
            return
        for proxy in self._proxies.values():
            if type(proxy.observer).on_process_frame is not BaseObserver.on_process_frame:
                await proxy.queue.put(data)

    async def on_push_frame(self, data: FramePushed) -> None:
        if isinstance(data.frame, AudioRawFrame):
            return
        await super().on_push_frame(data)


def quiet_observers(worker: PipelineWorker) -> None:
    """Give ``worker`` (not yet started) :class:`QuietObservers` over its own observers.
    pipecat 1.14 (pinned) builds its ``WorkerObserver`` in the constructor and has no
    setting for this, so the private attribute is replaced before the pipeline starts."""
    current: Any = worker._observer
    worker._observer = QuietObservers(observers=list(current._observers))
