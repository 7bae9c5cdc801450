import Foundation
import SwitchboardHTTP
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven over the W3C WebDriver protocol by Debian's chromedriver,
/// for tests of pages as a person uses them. Needs the `chromium` and
/// `chromium-driver` packages (scripts/install-deps.sh installs them).
final class WebDriver {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"

    private let process: Process
    private var endpoint = ""
    private let client = HTTPClient(proxy: "")
    private var sessionURL = ""

    /// Starts chromedriver on a free loopback port and opens a browser window of the
    /// given size; when that fails, stops what it started.
    private init(width: Int, height: Int) async throws {
        for program in [Self.chromium, Self.chromedriver] where !FileManager.default.isExecutableFile(atPath: program) {
            throw TestFailure("\(program) is missing: install chromium and chromium-driver (scripts/install-deps.sh does)")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.chromedriver)
        process.arguments = ["--port=0", "--allowed-ips=127.0.0.1"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        // chromedriver says which port it chose once it listens.
        let lines = LineReader(output.fileHandleForReading)
        var port: String?
        while port == nil, let line = lines.next() {
            if let range = line.range(of: "started successfully on port ") {
                port = String(line[range.upperBound...].prefix { $0.isNumber })
            }
        }
        guard let port else {
            await quit()
            throw TestFailure("chromedriver did not start")
        }
        endpoint = "http://127.0.0.1:\(port)"
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:loggingPrefs": ["browser": "ALL"],
            "goog:chromeOptions": [
                "binary": Self.chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--no-proxy-server", "--window-size=\(width),\(height)", "--lang=en-US"],
            ],
        ]]]
        do {
            let session = try await command("POST", "/session", capabilities) as? [String: Any]
            guard let id = session?["sessionId"] as? String else { throw TestFailure("no WebDriver session: \(String(describing: session))") }
            sessionURL = "/session/\(id)"
            _ = try await command("POST", sessionURL + "/timeouts", ["script": 30_000, "pageLoad": 30_000, "implicit": 0])
        } catch {
            await quit()
            throw error
        }
    }

    /// Runs `body` with a new browser, which is closed afterwards whatever happens.
    static func withBrowser<T>(width: Int = 1280, height: Int = 900, _ body: (WebDriver) async throws -> T) async throws -> T {
        let browser = try await WebDriver(width: width, height: height)
        do {
            let result = try await body(browser)
            await browser.quit()
            return result
        } catch {
            await browser.quit()
            throw error
        }
    }

    /// Closes the browser and stops chromedriver.
    private func quit() async {
        if !sessionURL.isEmpty { _ = try? await command("DELETE", sessionURL, nil) }
        // Not waitUntilExit(): on Linux it spins a run loop at full speed while it waits.
        kill(process.processIdentifier, SIGKILL)
        var status: Int32 = 0
        waitpid(process.processIdentifier, &status, 0)
    }

    func open(_ url: String) async throws {
        _ = try await command("POST", sessionURL + "/url", ["url": url])
    }

    func reload() async throws {
        _ = try await command("POST", sessionURL + "/refresh", [:])
    }

    func resize(width: Int, height: Int) async throws {
        _ = try await command("POST", sessionURL + "/window/rect", ["width": width, "height": height])
    }

    /// Types `text` into the element matching `selector`, as keystrokes.
    func type(_ text: String, into selector: String) async throws {
        let element = try await find(selector)
        _ = try await command("POST", sessionURL + "/element/\(element)/value", ["text": text])
    }

    func click(_ selector: String) async throws {
        _ = try await command("POST", sessionURL + "/element/\(try await find(selector))/click", [:])
    }

    /// Runs `script` (a function body; `arguments` holds `arguments`) and returns its value.
    @discardableResult
    func run(_ script: String, _ arguments: [Any] = []) async throws -> Any? {
        try await command("POST", sessionURL + "/execute/sync", ["script": script, "args": arguments])
    }

    /// Waits in the page, without polling from here, until `condition` (a JavaScript
    /// expression) is true; then returns the value of `result`. Fails after the
    /// script timeout with what `result` was then.
    @discardableResult
    func wait(until condition: String, returning result: String = "true") async throws -> Any? {
        let script = """
        const done = arguments[arguments.length - 1];
        const check = () => { try { return Boolean(\(condition)); } catch (error) { return false; } };
        const finish = () => { try { done({ok: true, value: \(result)}); } catch (error) { done({ok: true, value: String(error)}); } };
        if (check()) { finish(); return; }
        const observer = new MutationObserver(() => { if (check()) { observer.disconnect(); clearTimeout(timer); finish(); } });
        observer.observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
        const timer = setTimeout(() => { observer.disconnect(); let value; try { value = \(result); } catch (error) { value = String(error); } done({ok: false, value: value}); }, 20000);
        """
        let answer = try await command("POST", sessionURL + "/execute/async", ["script": script, "args": []]) as? [String: Any]
        guard answer?["ok"] as? Bool == true else {
            throw TestFailure("the page never reached `\(condition)`; `\(result)` was \(String(describing: answer?["value"]))")
        }
        return answer?["value"]
    }

    /// A PNG of the window.
    func screenshot() async throws -> Data {
        guard let encoded = try await command("GET", sessionURL + "/screenshot", nil) as? String,
              let png = Data(base64Encoded: encoded) else { throw TestFailure("no screenshot") }
        return png
    }

    /// The browser's console messages so far (errors include Content-Security-Policy violations).
    func consoleErrors() async throws -> [String] {
        let entries = try await command("POST", sessionURL + "/se/log", ["type": "browser"]) as? [[String: Any]] ?? []
        return entries.filter { ($0["level"] as? String) == "SEVERE" }.compactMap { $0["message"] as? String }
    }

    private func find(_ selector: String) async throws -> String {
        let found = try await command("POST", sessionURL + "/element", ["using": "css selector", "value": selector]) as? [String: Any]
        guard let element = found?.values.first as? String else { throw TestFailure("no element \(selector)") }
        return element
    }

    /// Sends one WebDriver command and returns its `value`.
    private func command(_ method: String, _ path: String, _ body: [String: Any]?) async throws -> Any? {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data()
        let response = try await client.execute(HTTPRequest(
            method: method, url: endpoint + path, headers: [("Content-Type", "application/json")], body: Array(data), timeout: .seconds(60)
        ))
        let decoded = try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed]) as? [String: Any]
        let value = decoded?["value"]
        guard response.status == 200 else {
            throw TestFailure("WebDriver \(method) \(path) answered \(response.status): \(String(describing: value))")
        }
        return value is NSNull ? nil : value
    }
}
