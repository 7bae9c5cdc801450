/// The WebChat page styles and favicon.
enum PageStyle {
    /// The whole of `app.css`, for the chat and the sign-in page (light and dark, phone and desktop).
    static let source = #"""
        /* WebChat page styles: one calm column, the composer pinned at the bottom. */
        :root {
            color-scheme: light dark;
            --bg: #f4f5f7;
            --surface: #ffffff;
            --surface-2: #eceef2;
            --text: #1a1d21;
            --muted: #5a626d;
            --border: #dcdfe5;
            --accent: #2f5bd3;
            --accent-hover: #2549b0;
            --on-accent: #ffffff;
            --user-bg: #2f5bd3;
            --user-text: #ffffff;
            --link: #2149b8;
            --focus: #2f5bd3;
            --ok: #16803c;
            --warn: #b26200;
            --danger: #b42318;
            --danger-bg: #fdf1ef;
            --danger-border: #f1b8b0;
            --code-bg: #f1f3f6;
            --shadow-sm: 0 1px 2px rgb(16 24 40 / 0.05);
            --shadow-lg: 0 12px 32px rgb(16 24 40 / 0.14), 0 2px 6px rgb(16 24 40 / 0.06);
            --column: 46rem;
            --radius: 1.125rem;
            --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans", "Liberation Sans", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji";
            --mono: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace;
        }

        @media (prefers-color-scheme: dark) {
            :root {
                --bg: #0f1216;
                --surface: #181c22;
                --surface-2: #222830;
                --text: #e6e9ed;
                --muted: #9ea7b3;
                --border: #2c323b;
                --accent: #3d68dc;
                --accent-hover: #3560d0;
                --user-bg: #3059c9;
                --link: #93b1ff;
                --focus: #8fb0ff;
                --ok: #4cc27a;
                --warn: #e9a13b;
                --danger: #ff8a7d;
                --danger-bg: #2a1715;
                --danger-border: #6b2a24;
                --code-bg: #11151a;
                --shadow-sm: none;
                --shadow-lg: 0 12px 32px rgb(0 0 0 / 0.5);
            }
        }

        *,
        *::before,
        *::after {
            box-sizing: border-box;
        }

        [hidden] {
            display: none !important;
        }

        html,
        body {
            margin: 0;
            height: 100%;
        }

        body {
            background: var(--bg);
            color: var(--text);
            font: 1rem/1.5 var(--font);
            -webkit-text-size-adjust: 100%;
            text-size-adjust: 100%;
            -webkit-font-smoothing: antialiased;
        }

        button,
        input,
        textarea {
            font: inherit;
            color: inherit;
        }

        :focus-visible {
            outline: 2px solid var(--focus);
            outline-offset: 2px;
        }

        kbd {
            font-family: var(--mono);
            font-size: 0.85em;
            padding: 0.05em 0.4em;
            border: 1px solid var(--border);
            border-bottom-width: 2px;
            border-radius: 0.35rem;
            background: var(--surface);
        }

        .sr-only {
            position: absolute;
            width: 1px;
            height: 1px;
            margin: -1px;
            padding: 0;
            overflow: hidden;
            clip: rect(0 0 0 0);
            white-space: nowrap;
            border: 0;
        }

        /* Layout */

        .app {
            display: flex;
            flex-direction: column;
            height: 100vh;
            height: 100dvh;
        }

        .bar {
            flex: none;
            background: var(--surface);
            border-bottom: 1px solid var(--border);
            padding-top: env(safe-area-inset-top);
        }

        .bar-inner {
            display: flex;
            align-items: center;
            gap: 0.65rem;
            max-width: var(--column);
            margin: 0 auto;
            padding: 0.7rem max(1rem, env(safe-area-inset-right)) 0.7rem max(1rem, env(safe-area-inset-left));
        }

        .logo {
            flex: none;
            width: 1.75rem;
            height: 1.75rem;
        }

        .title {
            flex: 1;
            min-width: 0;
            margin: 0;
            font-size: 1.0625rem;
            font-weight: 600;
            letter-spacing: -0.01em;
            overflow: hidden;
            text-overflow: ellipsis;
            white-space: nowrap;
        }

        #status {
            flex: none;
            display: inline-flex;
            align-items: center;
            gap: 0.45rem;
            padding: 0.2rem 0.65rem 0.2rem 0.55rem;
            border-radius: 999px;
            background: var(--surface-2);
            color: var(--muted);
            font-size: 0.8125rem;
            white-space: nowrap;
        }

        #status::before {
            content: "";
            width: 0.5rem;
            height: 0.5rem;
            border-radius: 50%;
            background: var(--warn);
        }

        #status[data-state="connected"]::before {
            background: var(--ok);
        }

        #status[data-state="offline"] {
            color: var(--danger);
            background: var(--danger-bg);
        }

        #status[data-state="offline"]::before {
            background: var(--danger);
            animation: pulse 1.4s ease-in-out infinite;
        }

        .main {
            flex: 1;
            min-height: 0;
            display: flex;
            flex-direction: column;
        }

        .scroller {
            flex: 1;
            min-height: 0;
            overflow-y: auto;
            overscroll-behavior: contain;
        }

        .column {
            max-width: var(--column);
            margin: 0 auto;
            padding: 1.5rem max(1rem, env(safe-area-inset-right)) 1rem max(1rem, env(safe-area-inset-left));
        }

        .noscript {
            padding: 0.75rem 1rem;
            border: 1px solid var(--danger-border);
            border-radius: 0.75rem;
            background: var(--danger-bg);
            color: var(--danger);
        }

        /* Empty state */

        .empty {
            margin: 16vh auto 0;
            max-width: 22rem;
            text-align: center;
            color: var(--muted);
        }

        .empty-logo {
            width: 3rem;
            height: 3rem;
            opacity: 0.9;
        }

        .empty p {
            margin: 0.75rem 0 0;
            font-size: 1.0625rem;
        }

        /* Messages */

        #messages {
            list-style: none;
            margin: 0;
            padding: 0;
            display: flex;
            flex-direction: column;
            gap: 1rem;
        }

        .message {
            display: flex;
            flex-direction: column;
            align-items: flex-start;
            min-width: 0;
        }

        .message[data-role="user"] {
            align-items: flex-end;
        }

        .message.follow {
            margin-top: -0.625rem;
        }

        .message.follow .meta {
            position: absolute;
            width: 1px;
            height: 1px;
            margin: -1px;
            overflow: hidden;
            clip: rect(0 0 0 0);
            white-space: nowrap;
        }

        .meta {
            display: flex;
            gap: 0.35rem;
            margin: 0 0.4rem 0.3rem;
            color: var(--muted);
            font-size: 0.75rem;
            line-height: 1.2;
        }

        .who {
            font-weight: 600;
        }

        .bubble {
            max-width: 100%;
            min-width: 0;
            padding: 0.6rem 0.95rem;
            border: 1px solid var(--border);
            border-radius: var(--radius);
            background: var(--surface);
            box-shadow: var(--shadow-sm);
            overflow-wrap: anywhere;
        }

        .message[data-role="bot"] .bubble {
            border-top-left-radius: 0.375rem;
        }

        .message[data-role="user"] .bubble {
            max-width: min(85%, 36rem);
            border-color: transparent;
            border-top-right-radius: 0.375rem;
            background: var(--user-bg);
            color: var(--user-text);
        }

        .message[data-state="failed"] .bubble,
        .message[data-role="user"][data-state="failed"] .bubble {
            border-color: var(--danger-border);
            background: var(--danger-bg);
            color: var(--text);
        }

        .text {
            white-space: pre-wrap;
        }

        .note {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            justify-content: flex-end;
            gap: 0.25rem 0.75rem;
            margin: 0.3rem 0.4rem 0;
            color: var(--muted);
            font-size: 0.75rem;
        }

        .message[data-role="bot"] .note {
            justify-content: flex-start;
        }

        .note:empty {
            display: none;
        }

        .note .error {
            color: var(--danger);
        }

        .link-button {
            padding: 0.15rem 0.1rem;
            border: 0;
            background: none;
            color: var(--link);
            font-weight: 600;
            text-decoration: underline;
            text-underline-offset: 2px;
            cursor: pointer;
        }

        .link-button:hover {
            text-decoration-thickness: 2px;
        }

        /* Streaming caret and typing dots */

        .caret {
            display: inline-block;
            width: 0.5em;
            height: 1.05em;
            margin-left: 0.15em;
            vertical-align: -0.15em;
            border-radius: 1px;
            background: currentColor;
            opacity: 0.55;
            animation: blink 1.05s steps(2, start) infinite;
        }

        .dots {
            display: inline-flex;
            align-items: center;
            gap: 0.22rem;
            height: 1.5em;
            vertical-align: middle;
        }

        .dots span {
            width: 0.4rem;
            height: 0.4rem;
            border-radius: 50%;
            background: var(--muted);
            opacity: 0.5;
            animation: bounce 1.2s ease-in-out infinite;
        }

        .dots span:nth-child(2) {
            animation-delay: 0.15s;
        }

        .dots span:nth-child(3) {
            animation-delay: 0.3s;
        }

        .typing {
            display: flex;
            align-items: center;
            gap: 0.6rem;
            margin-top: 1rem;
            color: var(--muted);
            font-size: 0.875rem;
        }

        .typing .dots {
            padding: 0.45rem 0.8rem;
            border: 1px solid var(--border);
            border-radius: var(--radius);
            border-top-left-radius: 0.375rem;
            background: var(--surface);
        }

        @keyframes blink {
            to {
                visibility: hidden;
            }
        }

        @keyframes bounce {
            0%,
            60%,
            100% {
                transform: translateY(0);
                opacity: 0.45;
            }
            30% {
                transform: translateY(-0.2rem);
                opacity: 1;
            }
        }

        @keyframes pulse {
            50% {
                opacity: 0.35;
            }
        }

        /* Markdown */

        .text.md {
            white-space: normal;
        }

        .md > :first-child {
            margin-top: 0;
        }

        .md > :last-child {
            margin-bottom: 0;
        }

        .md p,
        .md ul,
        .md ol,
        .md pre,
        .md blockquote {
            margin: 0.6rem 0;
        }

        .md ul,
        .md ol {
            padding-left: 1.4rem;
        }

        .md ul {
            list-style-type: disc;
        }

        .md ul ul {
            list-style-type: circle;
        }

        .md ol {
            list-style-type: decimal;
        }

        .md li + li {
            margin-top: 0.2rem;
        }

        .md li > ul,
        .md li > ol,
        .md li > p {
            margin: 0.25rem 0;
        }

        .md li::marker {
            color: var(--muted);
        }

        .md .h {
            margin: 1rem 0 0.4rem;
            font-weight: 650;
            line-height: 1.3;
        }

        .md .h1 {
            font-size: 1.2em;
        }

        .md .h2 {
            font-size: 1.1em;
        }

        .md code {
            padding: 0.1em 0.35em;
            border-radius: 0.35rem;
            background: var(--code-bg);
            font-family: var(--mono);
            font-size: 0.875em;
        }

        .md pre {
            max-width: 100%;
            padding: 0.75rem 0.9rem;
            overflow-x: auto;
            border: 1px solid var(--border);
            border-radius: 0.65rem;
            background: var(--code-bg);
            font-size: 0.85rem;
            line-height: 1.5;
        }

        .md pre code {
            padding: 0;
            background: none;
            font-size: inherit;
            white-space: pre;
        }

        .md a {
            color: var(--link);
            text-decoration: underline;
            text-decoration-thickness: 1px;
            text-underline-offset: 2px;
        }

        .md a:hover {
            text-decoration-thickness: 2px;
        }

        .md blockquote {
            padding-left: 0.8rem;
            border-left: 3px solid var(--border);
            color: var(--muted);
        }

        .md hr {
            margin: 0.9rem 0;
            border: 0;
            border-top: 1px solid var(--border);
        }

        /* Composer */

        .composer {
            flex: none;
            padding: 0.75rem max(1rem, env(safe-area-inset-right)) max(0.6rem, env(safe-area-inset-bottom)) max(1rem, env(safe-area-inset-left));
            border-top: 1px solid var(--border);
            background: var(--surface);
        }

        .composer-inner {
            position: relative;
            max-width: var(--column);
            margin: 0 auto;
        }

        .field {
            display: flex;
            align-items: flex-end;
            gap: 0.5rem;
            padding: 0.3rem 0.3rem 0.3rem 1rem;
            border: 1px solid var(--border);
            border-radius: 1.5rem;
            background: var(--bg);
            transition: border-color 0.15s, box-shadow 0.15s;
        }

        .field:focus-within {
            border-color: var(--accent);
            box-shadow: 0 0 0 3px rgb(47 91 211 / 0.22);
            outline: 2px solid transparent;
        }

        .over .field,
        .over .field:focus-within {
            border-color: var(--danger);
            box-shadow: 0 0 0 3px rgb(180 35 24 / 0.18);
        }

        #input {
            flex: 1;
            min-width: 0;
            height: 2.5rem;
            min-height: 2.5rem;
            max-height: calc(6 * 1.5em + 1rem);
            margin: 0;
            padding: 0.5rem 0;
            border: 0;
            background: transparent;
            line-height: 1.5;
            resize: none;
            overflow-y: auto;
            outline: none;
        }

        #input::placeholder {
            color: var(--muted);
            opacity: 1;
        }

        #send {
            flex: none;
            display: inline-flex;
            align-items: center;
            gap: 0.45rem;
            min-height: 2.5rem;
            padding: 0 1.05rem 0 0.9rem;
            border: 0;
            border-radius: 999px;
            background: var(--accent);
            color: var(--on-accent);
            font-weight: 600;
            font-size: 0.9375rem;
            cursor: pointer;
            transition: background-color 0.15s;
        }

        #send:hover {
            background: var(--accent-hover);
        }

        #send:active {
            transform: translateY(1px);
        }

        #send:focus-visible {
            outline-offset: 3px;
        }

        .send-icon {
            width: 1rem;
            height: 1rem;
        }

        .foot {
            display: flex;
            justify-content: space-between;
            gap: 1rem;
            min-height: 1.1rem;
            margin-top: 0.4rem;
            padding: 0 1rem;
            color: var(--muted);
            font-size: 0.75rem;
        }

        .keys kbd {
            font-size: 0.8em;
        }

        .counter {
            margin-left: auto;
            font-variant-numeric: tabular-nums;
            white-space: nowrap;
        }

        .over .counter {
            color: var(--danger);
            font-weight: 600;
        }

        .notice {
            display: flex;
            flex-wrap: wrap;
            align-items: center;
            gap: 0.25rem 0.75rem;
            margin-bottom: 0.6rem;
            padding: 0.55rem 0.9rem;
            border: 1px solid var(--danger-border);
            border-radius: 0.75rem;
            background: var(--danger-bg);
            color: var(--danger);
            font-size: 0.875rem;
        }

        .jump {
            position: absolute;
            left: 50%;
            bottom: calc(100% + 1.1rem);
            transform: translateX(-50%);
            padding: 0.4rem 0.9rem;
            border: 1px solid var(--border);
            border-radius: 999px;
            background: var(--surface);
            box-shadow: var(--shadow-lg);
            color: var(--text);
            font-size: 0.8125rem;
            font-weight: 600;
            cursor: pointer;
            z-index: 4;
        }

        /* Command hints */

        .commands {
            position: absolute;
            left: 0;
            right: 0;
            bottom: calc(100% + 0.6rem);
            z-index: 5;
            max-height: min(22rem, 55vh);
            margin: 0;
            padding: 0.35rem;
            overflow-y: auto;
            list-style: none;
            border: 1px solid var(--border);
            border-radius: 0.9rem;
            background: var(--surface);
            box-shadow: var(--shadow-lg);
        }

        .command {
            display: flex;
            align-items: baseline;
            gap: 0.3rem 0.9rem;
            padding: 0.45rem 0.7rem;
            border-radius: 0.6rem;
            cursor: pointer;
        }

        .command:hover {
            background: var(--surface-2);
        }

        .command[aria-selected="true"] {
            background: var(--surface-2);
            box-shadow: inset 3px 0 0 var(--accent);
        }

        .command-name {
            flex: none;
            min-width: 7.5rem;
            font-family: var(--mono);
            font-size: 0.875rem;
            font-weight: 600;
        }

        .command-args {
            color: var(--muted);
            font-weight: 400;
        }

        .command-help {
            min-width: 0;
            color: var(--muted);
            font-size: 0.875rem;
        }

        /* Login */

        .login-page .login {
            display: grid;
            place-items: center;
            min-height: 100vh;
            min-height: 100dvh;
            padding: 1.5rem 1rem;
        }

        .login-card {
            display: flex;
            flex-direction: column;
            width: 100%;
            max-width: 23rem;
            padding: 2rem 1.75rem 1.75rem;
            border: 1px solid var(--border);
            border-radius: 1.25rem;
            background: var(--surface);
            box-shadow: var(--shadow-lg);
        }

        .login-logo {
            width: 3rem;
            height: 3rem;
            margin-bottom: 1rem;
        }

        .login-card h1 {
            margin: 0;
            font-size: 1.375rem;
            letter-spacing: -0.01em;
        }

        .login-lead {
            margin: 0.35rem 0 1.25rem;
            color: var(--muted);
        }

        .alert {
            margin-bottom: 1rem;
            padding: 0.6rem 0.85rem;
            border: 1px solid var(--danger-border);
            border-radius: 0.65rem;
            background: var(--danger-bg);
            color: var(--danger);
            font-size: 0.9375rem;
        }

        .alert:empty {
            display: none;
        }

        .login-card label {
            margin-bottom: 0.35rem;
            font-size: 0.875rem;
            font-weight: 600;
        }

        .login-card input {
            min-height: 2.75rem;
            padding: 0.5rem 0.8rem;
            border: 1px solid var(--border);
            border-radius: 0.65rem;
            background: var(--bg);
        }

        .login-card input:focus-visible {
            border-color: var(--accent);
            outline-offset: 1px;
        }

        .login-card button {
            min-height: 2.75rem;
            margin-top: 1.1rem;
            border: 0;
            border-radius: 0.65rem;
            background: var(--accent);
            color: var(--on-accent);
            font-weight: 600;
            cursor: pointer;
        }

        .login-card button:hover {
            background: var(--accent-hover);
        }

        /* Small screens */

        @media (max-width: 520px) {
            .column {
                padding-top: 1rem;
            }

            .message[data-role="user"] .bubble {
                max-width: 90%;
            }

            .command {
                flex-wrap: wrap;
                gap: 0 0.6rem;
            }

            .command-name {
                min-width: 0;
            }

            .keys {
                display: none;
            }

            .foot:has(.counter[hidden]) {
                display: none;
            }
        }

        @media (pointer: coarse) {
            .keys {
                display: none;
            }
        }

        @media (prefers-reduced-motion: reduce) {
            *,
            *::before,
            *::after {
                animation-duration: 0.001ms !important;
                animation-iteration-count: 1 !important;
                transition-duration: 0.001ms !important;
                scroll-behavior: auto !important;
            }

            .caret {
                animation: none !important;
            }

            .dots span {
                animation: none !important;
                opacity: 0.7;
            }
        }
        """#

    /// The favicon, served as `icon.svg`.
    static let icon = #"""
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="8" fill="#2f5bd3"/><path d="M8 11.5A3.5 3.5 0 0 1 11.5 8h9a3.5 3.5 0 0 1 3.5 3.5v5.5a3.5 3.5 0 0 1-3.5 3.5h-4.6l-4.3 3.3a.8.8 0 0 1-1.3-.6v-2.9A3.5 3.5 0 0 1 8 17z" fill="#fff"/><circle cx="12.6" cy="14.25" r="1.25" fill="#2f5bd3"/><circle cx="16" cy="14.25" r="1.25" fill="#2f5bd3"/><circle cx="19.4" cy="14.25" r="1.25" fill="#2f5bd3"/></svg>
        """#
}
