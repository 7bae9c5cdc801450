import SwitchboardCore

/// Where an agent yields the events of a turn.
typealias AgentEventContinuation = AsyncThrowingStream<AgentEvent, any Error>.Continuation
