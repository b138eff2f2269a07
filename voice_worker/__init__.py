"""Hard-E's voice worker: a Pipecat pipeline per call over SmallWebRTC."""
