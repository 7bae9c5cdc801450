public import SwitchboardCore

/// The failures agents report, each with the one short message users see for it.
extension AgentError {
    /// The agent's service refused its credentials (HTTP 401 or 403).
    public static func credentialsRejected(detail: String) -> AgentError {
        AgentError(userMessage: "The agent's service rejected its credentials; the operator has been told.", detail: detail)
    }

    /// The agent's service is rate limiting it (HTTP 429).
    public static func rateLimited(detail: String) -> AgentError {
        AgentError(userMessage: "The agent is getting too many requests right now; please try again in a minute.", detail: detail)
    }

    /// The agent could not be reached, failed on its side, or answered in a way that
    /// could not be understood.
    public static func unavailable(detail: String) -> AgentError {
        AgentError(userMessage: "The agent is unavailable right now; please try again shortly.", detail: detail)
    }

    /// The agent took longer than it may.
    public static func timedOut(detail: String) -> AgentError {
        AgentError(userMessage: "The agent took too long to answer; please try again shortly.", detail: detail)
    }

    /// The agent ran but failed to answer this message: its program failed, it reported
    /// an error, or its service refused the request.
    public static func failed(detail: String) -> AgentError {
        AgentError(userMessage: "The agent could not answer this message; the operator has been told.", detail: detail)
    }
}
