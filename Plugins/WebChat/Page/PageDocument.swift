/// The WebChat HTML documents, templates whose `{{base}}`, `{{title}}` and `{{error}}` the server fills in (already HTML-escaped).
enum PageDocument {
    /// The chat page, served at the channel's base path; loads `app.css`, `app.js` and `icon.svg` relative to `{{base}}`.
    static let chat = #"""
        <!doctype html>
        <html lang="en">
        <head>
        \#(sharedHead)
        <title>{{title}}</title>
        \#(sharedLinks)
        <script src="app.js" defer></script>
        </head>
        <body data-limit="{{limit}}">
        <div class="app">
          <header class="bar">
            <div class="bar-inner">
              <img class="logo" src="icon.svg" alt="" width="28" height="28">
              <h1 class="title">{{title}}</h1>
              <span id="status" data-state="connecting" role="status">Connecting…</span>
            </div>
          </header>
          <main class="main">
            <div id="scroller" class="scroller">
              <div class="column">
                <noscript><p class="noscript">This chat needs JavaScript. Please enable it and reload the page.</p></noscript>
                <div id="empty" class="empty" hidden>
                  <img class="empty-logo" src="icon.svg" alt="" width="48" height="48">
                  <p>Say hello — or type <kbd>/</kbd> for commands</p>
                </div>
                <ol id="messages" aria-live="polite" aria-label="Conversation"></ol>
                <div id="typing" class="typing" hidden>
                  <span class="dots" aria-hidden="true"><span></span><span></span><span></span></span>
                  <span>Agent is typing…</span>
                </div>
              </div>
            </div>
            <form id="composer" class="composer" novalidate>
              <div class="composer-inner">
                <button id="jump" class="jump" type="button" hidden>New messages <span aria-hidden="true">↓</span></button>
                <ul id="commands" class="commands" role="listbox" aria-label="Commands" hidden></ul>
                <div id="notice" class="notice" role="alert" hidden></div>
                <div class="field">
                  <textarea id="input" aria-label="Message" rows="1" placeholder="Message" autocomplete="off" enterkeyhint="send" aria-autocomplete="list" aria-describedby="counter keys"></textarea>
                  <button id="send" type="submit"><svg class="send-icon" viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false"><path d="M3.4 2.6a.75.75 0 0 0-1 .9L4.5 10l-2.1 6.5a.75.75 0 0 0 1 .9l14-6.7a.75.75 0 0 0 0-1.4z M4.5 10h6" fill="none" stroke="currentColor" stroke-width="1.6" stroke-linejoin="round" stroke-linecap="round"/></svg><span>Send</span></button>
                </div>
                <div class="foot">
                  <span id="keys" class="keys"><kbd>Enter</kbd> to send · <kbd>Shift</kbd>+<kbd>Enter</kbd> for a new line · <kbd>/</kbd> for commands</span>
                  <span id="counter" class="counter" hidden></span>
                </div>
              </div>
            </form>
          </main>
        </div>
        </body>
        </html>
        """#

    /// The sign-in page: one access-token field posted to `login`, with `{{error}}` shown in an alert when non-empty.
    static let login = #"""
        <!doctype html>
        <html lang="en">
        <head>
        \#(sharedHead)
        <title>Sign in · {{title}}</title>
        \#(sharedLinks)
        </head>
        <body class="login-page">
        <main class="login">
          <form class="login-card" method="post" action="login">
            <img class="login-logo" src="icon.svg" alt="" width="48" height="48">
            <h1>{{title}}</h1>
            <p class="login-lead">Enter the access token to open the chat.</p>
            <div class="alert" role="alert">{{error}}</div>
            <label for="token">Access token</label>
            <input id="token" name="token" type="password" autocomplete="current-password" autocapitalize="off" spellcheck="false" required autofocus>
            <button type="submit">Sign in</button>
          </form>
        </main>
        </body>
        </html>
        """#

    /// The head fields both documents share: encoding, viewport, colour schemes, referrer, base.
    private static let sharedHead = #"""
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
        <meta name="color-scheme" content="light dark">
        <meta name="referrer" content="same-origin">
        <base href="{{base}}">
        """#

    /// The icon and the stylesheet both documents load.
    private static let sharedLinks = #"""
        <link rel="icon" href="icon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="app.css">
        """#
}
