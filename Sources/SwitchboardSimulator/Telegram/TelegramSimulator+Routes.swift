public import Hummingbird

extension TelegramSimulator {
    public func addRoutes(to router: Router<SimulatorContext>) {
        for method in [HTTPRequest.Method.get, .post] {
            router.on("/:bot/:method", method: method) { request, context in
                await answer(request, context: context)
            }
        }
    }

    /// Checks the token, reads the parameters and runs the method; a refusal becomes
    /// Telegram's error body.
    private func answer(_ request: Request, context: SimulatorContext) async -> Response {
        do {
            let botSegment = context.parameters.get("bot") ?? ""
            guard botSegment.hasPrefix("bot") else { throw TelegramAPIError.notFound }
            guard botSegment == "bot" + token else { throw TelegramAPIError.unauthorized }
            guard let method = Method(rawValue: (context.parameters.get("method") ?? "").lowercased()) else {
                throw TelegramAPIError.notFound
            }
            let parameters = try await TelegramParameters(request, context: context)
            return try await call(method, with: parameters, request: request)
        } catch let error as TelegramAPIError {
            return .telegram(error)
        } catch {
            // The client hung up on a long poll, or the server is shutting down.
            return .telegram(TelegramAPIError(code: 500, description: "Internal Server Error: \(error)"))
        }
    }

    /// The methods served, by their lower-cased names: Telegram reads method names case-insensitively.
    private enum Method: String {
        case getMe = "getme", getUpdates = "getupdates", setWebhook = "setwebhook", deleteWebhook = "deletewebhook"
        case getWebhookInfo = "getwebhookinfo", sendMessage = "sendmessage", editMessageText = "editmessagetext"
        case sendMessageDraft = "sendmessagedraft", sendChatAction = "sendchataction"
    }

    private func call(_ method: Method, with parameters: TelegramParameters, request: Request) async throws -> Response {
        switch method {
        case .getMe: getMe()
        case .getUpdates: try await getUpdates(parameters, request: request)
        case .setWebhook: try await setWebhook(parameters)
        case .deleteWebhook: await deleteWebhook(parameters)
        case .getWebhookInfo: .telegram(await state.webhookInfo())
        case .sendMessage: try await sendMessage(parameters)
        case .editMessageText: try await editMessageText(parameters)
        case .sendMessageDraft: try await sendMessageDraft(parameters)
        case .sendChatAction: try await sendChatAction(parameters)
        }
    }
}
