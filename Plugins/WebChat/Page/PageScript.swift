/// The WebChat page script, served as `app.js`.
enum PageScript {
    /// The whole of `app.js`: the transcript over Server-Sent Events, the composer and outbox, a safe Markdown renderer.
    static let source = #"""
        // WebChat page script: the transcript over Server-Sent Events, the composer, a safe Markdown renderer.
        (() => {
            'use strict';

            const LIMIT = Number(document.body.dataset.limit) || 4000;
            const WARN_AT = Math.floor(LIMIT * 0.9);
            const TYPING_MS = 8000;
            const MAX_BACKOFF = 10000;
            const NEAR_BOTTOM = 96;
            const DRAFT_KEY = 'webchat.draft:' + location.pathname;
            const RELOAD_KEY = 'webchat.reloaded:' + location.pathname;

            const COMMANDS = [
                ['new', '', 'start something new'],
                ['chat', '', 'switch to chat mode'],
                ['task', '', 'switch to task mode and pick a task'],
                ['switch', '', 'pick another task'],
                ['bind', '<task>', 'continue a task here'],
                ['status', '', 'show the agent, mode and conversation'],
                ['cancel', '', 'leave the menu you are in'],
                ['clear', '', 'clear the conversation\u2019s context'],
                ['session', '[id]', 'show or set the conversation'],
                ['help', '', 'list the commands'],
            ];

            const byId = (id) => document.getElementById(id);
            const list = byId('messages');
            const scroller = byId('scroller');
            const form = byId('composer');
            const input = byId('input');
            const statusEl = byId('status');
            const emptyEl = byId('empty');
            const typingEl = byId('typing');
            const counterEl = byId('counter');
            const menuEl = byId('commands');
            const noticeEl = byId('notice');
            const jumpEl = byId('jump');
            if (!list || !scroller || !form || !input) {
                return;
            }

            /** Creates an element with an optional class and text. */
            function el(tag, className, text) {
                const node = document.createElement(tag);
                if (className) {
                    node.className = className;
                }
                if (text !== undefined && text !== null) {
                    node.textContent = text;
                }
                return node;
            }

            function storageGet(key) {
                try {
                    return sessionStorage.getItem(key);
                } catch (_) {
                    return null;
                }
            }

            function storageSet(key, value) {
                try {
                    if (value === null || value === '') {
                        sessionStorage.removeItem(key);
                    } else {
                        sessionStorage.setItem(key, value);
                    }
                } catch (_) {
                    // Storage may be unavailable (private mode); drafts are then not kept across reloads.
                }
            }

            // ---------------------------------------------------------------- Markdown

            const LIST_RE = /^( *)([-*+]|\d{1,9}[.)])[ \t]+(.*)$/;
            const FENCE_RE = /^ {0,3}(`{3,}|~{3,})[ \t]*([^`\s]*)[^`]*$/;
            const HEADING_RE = /^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$/;
            const RULE_RE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
            const QUOTE_RE = /^ {0,3}> ?(.*)$/;
            const BLANK_RE = /^\s*$/;

            const leading = (line) => line.length - line.replace(/^ +/, '').length;

            function isBlockStart(line) {
                return FENCE_RE.test(line) || HEADING_RE.test(line) || RULE_RE.test(line) ||
                    QUOTE_RE.test(line) || LIST_RE.test(line);
            }

            /** Renders Markdown source into a fragment built from DOM nodes (never HTML strings). */
            function renderMarkdown(source) {
                const fragment = document.createDocumentFragment();
                renderBlocks(source.replace(/\r\n?/g, '\n').split('\n'), fragment, 0);
                return fragment;
            }

            function renderBlocks(lines, parent, depth) {
                let paragraph = null;
                const flush = () => {
                    if (!paragraph) {
                        return;
                    }
                    const p = el('p');
                    paragraph.forEach((line, index) => {
                        if (index > 0) {
                            p.append(el('br'));
                        }
                        renderInline(line.replace(/^ +/, ''), p, false);
                    });
                    parent.append(p);
                    paragraph = null;
                };
                let i = 0;
                while (i < lines.length) {
                    const line = lines[i];
                    let m = FENCE_RE.exec(line);
                    if (m) {
                        flush();
                        const fence = m[1];
                        const close = new RegExp('^ {0,3}' + (fence[0] === '`' ? '`' : '~') + '{' + fence.length + ',}[ \\t]*$');
                        const body = [];
                        i += 1;
                        while (i < lines.length && !close.test(lines[i])) {
                            body.push(lines[i]);
                            i += 1;
                        }
                        i += 1;
                        const pre = el('pre');
                        const code = el('code', null, body.join('\n'));
                        if (m[2]) {
                            code.dataset.lang = m[2];
                        }
                        pre.append(code);
                        parent.append(pre);
                        continue;
                    }
                    if (BLANK_RE.test(line)) {
                        flush();
                        i += 1;
                        continue;
                    }
                    if (RULE_RE.test(line)) {
                        flush();
                        parent.append(el('hr'));
                        i += 1;
                        continue;
                    }
                    m = HEADING_RE.exec(line);
                    if (m) {
                        flush();
                        const heading = el('p', 'h h' + m[1].length);
                        renderInline(m[2], heading, false);
                        parent.append(heading);
                        i += 1;
                        continue;
                    }
                    if (QUOTE_RE.test(line) && depth < 8) {
                        flush();
                        const quoted = [];
                        while (i < lines.length && (m = QUOTE_RE.exec(lines[i]))) {
                            quoted.push(m[1]);
                            i += 1;
                        }
                        const quote = el('blockquote');
                        renderBlocks(quoted, quote, depth + 1);
                        parent.append(quote);
                        continue;
                    }
                    if (LIST_RE.test(line) && depth < 8) {
                        flush();
                        i = renderList(lines, i, parent, depth);
                        continue;
                    }
                    (paragraph || (paragraph = [])).push(line);
                    i += 1;
                }
                flush();
            }

            function renderList(lines, start, parent, depth) {
                const first = LIST_RE.exec(lines[start]);
                const indent = first[1].length;
                const ordered = /\d/.test(first[2]);
                // An ordered list ends where its delimiter changes ("1." versus "1)"); bullets may mix.
                const kind = (marker) => (/\d/.test(marker) ? marker.slice(-1) : '-');
                const listKind = kind(first[2]);
                const listNode = el(ordered ? 'ol' : 'ul');
                if (ordered) {
                    const number = parseInt(first[2], 10);
                    if (number !== 1) {
                        listNode.start = number;
                    }
                }
                let item = null;
                const finish = () => {
                    if (!item) {
                        return;
                    }
                    const li = el('li');
                    const content = document.createDocumentFragment();
                    renderBlocks(item.lines, content, depth + 1);
                    // A tight item: its first paragraph is the item's own text.
                    if (content.firstChild && content.firstChild.nodeName === 'P' && !content.firstChild.className) {
                        const p = content.firstChild;
                        while (p.firstChild) {
                            li.append(p.firstChild);
                        }
                        p.remove();
                    }
                    li.append(content);
                    listNode.append(li);
                    item = null;
                };
                let i = start;
                while (i < lines.length) {
                    const line = lines[i];
                    const m = LIST_RE.exec(line);
                    if (m && m[1].length <= indent + 1 && !RULE_RE.test(line)) {
                        if (kind(m[2]) !== listKind) {
                            break;
                        }
                        finish();
                        item = { lines: [m[3]], contentIndent: m[1].length + m[2].length + 1 };
                        i += 1;
                        continue;
                    }
                    if (BLANK_RE.test(line)) {
                        let j = i + 1;
                        while (j < lines.length && BLANK_RE.test(lines[j])) {
                            j += 1;
                        }
                        if (j < lines.length && leading(lines[j]) > indent) {
                            item.lines.push('');
                            i += 1;
                            continue;
                        }
                        const next = j < lines.length ? LIST_RE.exec(lines[j]) : null;
                        if (next && next[1].length <= indent + 1 && kind(next[2]) === listKind) {
                            i = j;
                            continue;
                        }
                        break;
                    }
                    const lead = leading(line);
                    if (lead > indent) {
                        item.lines.push(line.slice(Math.min(lead, item.contentIndent)));
                        i += 1;
                        continue;
                    }
                    const last = item.lines[item.lines.length - 1];
                    if (last !== '' && !isBlockStart(line)) {
                        item.lines.push(line);
                        i += 1;
                        continue;
                    }
                    break;
                }
                finish();
                parent.append(listNode);
                return i;
            }

            const INLINE = {
                code: /(`+)([\s\S]*?[^`])\1(?!`)/y,
                link: /\[([^\]\n]+)\]\(\s*<?(https?:\/\/[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)>?(?:\s+"[^"\n]*")?\s*\)/y,
                angle: /<(https?:\/\/[^\s<>]+)>/y,
                url: /https?:\/\/[^\s<>"'`]+/y,
                strongEm: /\*\*\*(?=\S)([\s\S]*?\S)\*\*\*(?!\*)/y,
                strong: /\*\*(?=\S)([\s\S]*?\S)\*\*/y,
                strongU: /__(?=\S)([\s\S]*?\S)__(?!\w)/y,
                em: /\*(?=[^\s*])([\s\S]*?[^\s*])\*(?!\*)/y,
                emU: /_(?=[^\s_])([\s\S]*?[^\s_])_(?!\w)/y,
                strike: /~~(?=\S)([\s\S]*?\S)~~/y,
            };
            const ESCAPABLE = '\\`*_{}[]()#+-.!~>|<';

            function matchAt(re, text, index) {
                re.lastIndex = index;
                return re.exec(text);
            }

            /** Makes a link for an http(s) URL, or returns null for anything else. */
            function makeLink(url) {
                let parsed;
                try {
                    parsed = new URL(url);
                } catch (_) {
                    return null;
                }
                if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
                    return null;
                }
                const a = el('a');
                a.href = parsed.href;
                a.rel = 'noopener noreferrer';
                a.target = '_blank';
                return a;
            }

            /** Trims sentence punctuation (and an unbalanced closing parenthesis) off a bare URL. */
            function trimUrl(url) {
                let end = url.length;
                for (;;) {
                    const c = url[end - 1];
                    if ('.,;:!?\'"*_~'.includes(c)) {
                        end -= 1;
                    } else if (c === ')') {
                        const part = url.slice(0, end);
                        if ((part.match(/\(/g) || []).length < (part.match(/\)/g) || []).length) {
                            end -= 1;
                        } else {
                            break;
                        }
                    } else {
                        break;
                    }
                }
                return url.slice(0, end);
            }

            function renderInline(text, parent, inLink) {
                let buffer = '';
                const flush = () => {
                    if (buffer) {
                        parent.append(document.createTextNode(buffer));
                        buffer = '';
                    }
                };
                const wrap = (tag, inner) => {
                    flush();
                    const node = el(tag);
                    renderInline(inner, node, inLink);
                    parent.append(node);
                };
                let i = 0;
                while (i < text.length) {
                    const c = text[i];
                    const prev = i > 0 ? text[i - 1] : '';
                    let m = null;
                    if (c === '\\' && i + 1 < text.length && ESCAPABLE.includes(text[i + 1])) {
                        buffer += text[i + 1];
                        i += 2;
                        continue;
                    }
                    if (c === '`') {
                        m = matchAt(INLINE.code, text, i);
                        if (m) {
                            flush();
                            let body = m[2].replace(/\n/g, ' ');
                            if (body.length > 2 && body[0] === ' ' && body[body.length - 1] === ' ') {
                                body = body.slice(1, -1);
                            }
                            parent.append(el('code', null, body));
                            i += m[0].length;
                        } else {
                            let run = 0;
                            while (text[i + run] === '`') {
                                run += 1;
                            }
                            buffer += text.slice(i, i + run);
                            i += run;
                        }
                        continue;
                    }
                    if (c === '[' && !inLink && (m = matchAt(INLINE.link, text, i))) {
                        const a = makeLink(m[2]);
                        if (a) {
                            flush();
                            renderInline(m[1], a, true);
                            parent.append(a);
                            i += m[0].length;
                            continue;
                        }
                    }
                    if (c === '<' && !inLink && (m = matchAt(INLINE.angle, text, i))) {
                        const a = makeLink(m[1]);
                        if (a) {
                            flush();
                            a.textContent = m[1];
                            parent.append(a);
                            i += m[0].length;
                            continue;
                        }
                    }
                    if (c === 'h' && !inLink && !/[\w/.@-]/.test(prev) && (m = matchAt(INLINE.url, text, i))) {
                        const url = trimUrl(m[0]);
                        const a = url.length > 8 ? makeLink(url) : null;
                        if (a) {
                            flush();
                            a.textContent = url;
                            parent.append(a);
                            i += url.length;
                            continue;
                        }
                    }
                    if (c === '*') {
                        if ((m = matchAt(INLINE.strongEm, text, i))) {
                            flush();
                            const strong = el('strong');
                            const em = el('em');
                            renderInline(m[1], em, inLink);
                            strong.append(em);
                            parent.append(strong);
                            i += m[0].length;
                            continue;
                        }
                        if ((m = matchAt(INLINE.strong, text, i))) {
                            wrap('strong', m[1]);
                            i += m[0].length;
                            continue;
                        }
                        if ((m = matchAt(INLINE.em, text, i))) {
                            wrap('em', m[1]);
                            i += m[0].length;
                            continue;
                        }
                    }
                    if (c === '_' && !/\w/.test(prev)) {
                        if ((m = matchAt(INLINE.strongU, text, i))) {
                            wrap('strong', m[1]);
                            i += m[0].length;
                            continue;
                        }
                        if ((m = matchAt(INLINE.emU, text, i))) {
                            wrap('em', m[1]);
                            i += m[0].length;
                            continue;
                        }
                    }
                    if (c === '~' && (m = matchAt(INLINE.strike, text, i))) {
                        wrap('del', m[1]);
                        i += m[0].length;
                        continue;
                    }
                    buffer += c;
                    i += 1;
                }
                flush();
            }

            // ---------------------------------------------------------------- Scrolling

            let stuck = true;
            const nearBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM;
            const reducedMotion = window.matchMedia ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;

            function scrollToBottom(smooth) {
                const behavior = smooth && !(reducedMotion && reducedMotion.matches) ? 'smooth' : 'auto';
                scroller.scrollTo({ top: scroller.scrollHeight, behavior });
                stuck = true;
                jumpEl.hidden = true;
            }

            /** Runs a change to the list, then keeps the view at the bottom if it was there. */
            function changed(force) {
                if (force || stuck) {
                    scrollToBottom(false);
                } else if (document.body.dataset.synced === 'true') {
                    jumpEl.hidden = !menuEl.hidden;
                }
            }

            scroller.addEventListener('scroll', () => {
                stuck = nearBottom();
                if (stuck) {
                    jumpEl.hidden = true;
                }
            }, { passive: true });

            if (window.ResizeObserver) {
                new ResizeObserver(() => {
                    if (stuck) {
                        scroller.scrollTop = scroller.scrollHeight;
                    }
                }).observe(scroller);
            }

            jumpEl.addEventListener('click', () => {
                scrollToBottom(true);
                input.focus();
            });

            // ---------------------------------------------------------------- Messages

            /** Every message on the page by id: {li, time, textEl, note, text, format, state, seen, updates}. */
            const entries = new Map();
            let synced = false;

            const timeShort = new Intl.DateTimeFormat(undefined, { hour: 'numeric', minute: '2-digit' });
            const timeWithDay = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
            const timeFull = new Intl.DateTimeFormat(undefined, { dateStyle: 'full', timeStyle: 'medium' });

            function setTime(node, ms) {
                const date = new Date(typeof ms === 'number' && isFinite(ms) ? ms : Date.now());
                const today = new Date();
                const sameDay = date.toDateString() === today.toDateString();
                node.dateTime = date.toISOString();
                node.textContent = (sameDay ? timeShort : timeWithDay).format(date);
                node.title = timeFull.format(date);
            }

            function updateEmpty() {
                emptyEl.hidden = !(synced && list.children.length === 0);
            }

            function createEntry(msg) {
                const role = msg.role === 'user' ? 'user' : 'bot';
                const li = el('li', 'message');
                li.dataset.id = msg.id;
                li.dataset.role = role;
                const meta = el('div', 'meta');
                const who = el('span', 'who', role === 'user' ? 'You' : 'Agent');
                const sep = el('span', 'sep', '·');
                sep.setAttribute('aria-hidden', 'true');
                const time = el('time');
                setTime(time, msg.time);
                meta.append(who, sep, time);
                const bubble = el('div', 'bubble');
                const textEl = el('div', 'text');
                bubble.append(textEl);
                const note = el('div', 'note');
                li.append(meta, bubble, note);
                return { li, time, textEl, note, role, text: null, format: null, state: null, error: '', seen: false, updates: 0, retrying: false };
            }

            /** Where a new message from the server goes: before any of our own still-unseen messages at the end. */
            function insertionPoint() {
                let point = null;
                for (let node = list.lastElementChild; node; node = node.previousElementSibling) {
                    const entry = entries.get(node.dataset.id);
                    if (entry && !entry.seen && entry.state === 'sending') {
                        point = node;
                    } else {
                        break;
                    }
                }
                return point;
            }

            function markFollow(li) {
                const prev = li.previousElementSibling;
                const mine = entries.get(li.dataset.id);
                const before = prev ? entries.get(prev.dataset.id) : null;
                li.classList.toggle('follow', !!(before && mine && before.role === mine.role &&
                    Math.abs(mine.timeMs - before.timeMs) < 3 * 60 * 1000));
            }

            function renderText(entry) {
                const textEl = entry.textEl;
                textEl.textContent = '';
                const markdown = entry.role === 'bot' && entry.format === 'markdown';
                textEl.classList.toggle('md', markdown);
                if (markdown) {
                    textEl.append(renderMarkdown(entry.text));
                } else {
                    textEl.textContent = entry.text;
                }
                if (entry.state === 'streaming') {
                    if (!entry.text) {
                        const dots = el('span', 'dots');
                        dots.setAttribute('aria-hidden', 'true');
                        dots.append(el('span'), el('span'), el('span'));
                        textEl.append(dots, el('span', 'sr-only', 'Writing…'));
                    } else {
                        let target = textEl;
                        while (target.lastElementChild && /^(P|UL|OL|LI|BLOCKQUOTE)$/.test(target.lastElementChild.nodeName)) {
                            target = target.lastElementChild;
                        }
                        const caret = el('span', 'caret');
                        caret.setAttribute('aria-hidden', 'true');
                        target.append(caret);
                    }
                }
            }

            function renderNote(entry) {
                const note = entry.note;
                note.textContent = '';
                if (entry.state === 'sending') {
                    note.append(el('span', 'pending', entry.retrying ? 'Waiting for the server — will retry…' : 'Sending…'));
                } else if (entry.state === 'failed') {
                    const reason = entry.error || (entry.role === 'user' ? 'The message was not accepted.' : 'The reply failed.');
                    note.append(el('span', 'error', (entry.role === 'user' ? 'Not sent: ' : 'Failed: ') + reason));
                    if (entry.role === 'user') {
                        const retry = el('button', 'link-button', 'Retry');
                        retry.type = 'button';
                        retry.addEventListener('click', () => retryMessage(entry));
                        const edit = el('button', 'link-button', 'Edit');
                        edit.type = 'button';
                        edit.addEventListener('click', () => editMessage(entry));
                        note.append(retry, edit);
                    }
                }
            }

            /** Inserts or updates one message from its full current state. */
            function upsert(msg, fromServer) {
                if (!msg || typeof msg.id !== 'string' || !msg.id) {
                    return;
                }
                const text = typeof msg.text === 'string' ? msg.text : '';
                const format = msg.format === 'markdown' ? 'markdown' : 'plain';
                const state = typeof msg.state === 'string' ? msg.state : 'done';
                let entry = entries.get(msg.id);
                const isNew = !entry;
                if (isNew) {
                    entry = createEntry(msg);
                    entry.timeMs = typeof msg.time === 'number' ? msg.time : Date.now();
                    entries.set(msg.id, entry);
                    list.insertBefore(entry.li, fromServer ? insertionPoint() : null);
                    markFollow(entry.li);
                    const next = entry.li.nextElementSibling;
                    if (next) {
                        markFollow(next);
                    }
                }
                if (fromServer) {
                    entry.seen = true;
                    entry.retrying = false;
                }
                const textChanged = isNew || entry.text !== text || entry.format !== format;
                const stateChanged = entry.state !== state;
                entry.error = typeof msg.error === 'string' ? msg.error : (state === 'failed' ? entry.error : '');
                entry.text = text;
                entry.format = format;
                entry.state = state;
                if (textChanged) {
                    entry.updates += 1;
                    entry.li.dataset.updates = String(entry.updates);
                }
                entry.li.dataset.state = state;
                if (state === 'streaming') {
                    entry.li.setAttribute('aria-busy', 'true');
                } else {
                    entry.li.removeAttribute('aria-busy');
                }
                if (textChanged || stateChanged) {
                    renderText(entry);
                }
                renderNote(entry);
                if (entry.role === 'bot' && fromServer) {
                    hideTyping();
                }
                updateEmpty();
                changed(false);
            }

            function removeEntry(entry) {
                const next = entry.li.nextElementSibling;
                entry.li.remove();
                for (const [id, value] of entries) {
                    if (value === entry) {
                        entries.delete(id);
                        break;
                    }
                }
                if (next) {
                    markFollow(next);
                }
                updateEmpty();
            }

            // ---------------------------------------------------------------- Typing indicator

            let typingTimer = 0;

            function showTyping() {
                clearTimeout(typingTimer);
                typingEl.hidden = false;
                typingTimer = setTimeout(hideTyping, TYPING_MS);
                changed(false);
            }

            function hideTyping() {
                clearTimeout(typingTimer);
                typingTimer = 0;
                typingEl.hidden = true;
            }

            // ---------------------------------------------------------------- Connection

            const STATUS_TEXT = { connecting: 'Connecting…', connected: 'Connected', offline: 'Reconnecting…' };
            let source = null;
            let lastSeq = -1;
            let backoff = 1000;
            let reconnectTimer = 0;

            function setStatus(state) {
                if (statusEl.dataset.state !== state) {
                    statusEl.dataset.state = state;
                    statusEl.textContent = STATUS_TEXT[state];
                }
            }

            function noteSeq(value) {
                const seq = typeof value === 'number' ? value : parseInt(value, 10);
                if (isFinite(seq) && seq > lastSeq) {
                    lastSeq = seq;
                }
            }

            function parse(event) {
                try {
                    return JSON.parse(event.data);
                } catch (_) {
                    return null;
                }
            }

            function connect() {
                clearTimeout(reconnectTimer);
                reconnectTimer = 0;
                if (source) {
                    source.close();
                }
                const es = new EventSource(lastSeq >= 0 ? 'events?after=' + lastSeq : 'events');
                source = es;
                es.addEventListener('open', () => {
                    if (source === es) {
                        setStatus('connected');
                    }
                });
                es.addEventListener('message', (event) => {
                    if (source !== es) {
                        return;
                    }
                    noteSeq(event.lastEventId);
                    const msg = parse(event);
                    if (msg) {
                        noteSeq(msg.seq);
                        upsert(msg, true);
                    }
                });
                es.addEventListener('typing', () => {
                    if (source === es) {
                        showTyping();
                    }
                });
                es.addEventListener('synced', (event) => {
                    if (source !== es) {
                        return;
                    }
                    const data = parse(event);
                    if (data) {
                        noteSeq(data.seq);
                    }
                    backoff = 1000;
                    setStatus('connected');
                    if (!synced) {
                        synced = true;
                        document.body.dataset.synced = 'true';
                        updateEmpty();
                        scrollToBottom(false);
                    }
                    pumpNow();
                });
                es.addEventListener('error', () => {
                    if (source !== es) {
                        return;
                    }
                    es.close();
                    source = null;
                    setStatus('offline');
                    scheduleReconnect();
                });
            }

            function scheduleReconnect() {
                clearTimeout(reconnectTimer);
                reconnectTimer = setTimeout(connect, backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF);
            }

            window.addEventListener('online', () => {
                if (!source) {
                    connect();
                }
                pumpNow();
            });
            window.addEventListener('pageshow', (event) => {
                if (event.persisted && (!source || source.readyState === EventSource.CLOSED)) {
                    connect();
                }
            });

            // ---------------------------------------------------------------- Sending

            const ID_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

            /** A client message id: 24 characters of [A-Za-z0-9_-] from crypto.getRandomValues. */
            function newId() {
                const bytes = new Uint8Array(24);
                crypto.getRandomValues(bytes);
                let id = '';
                for (const byte of bytes) {
                    id += ID_ALPHABET[byte & 63];
                }
                return id;
            }

            /** Characters as the server counts them (Unicode scalars). */
            function charCount(text) {
                let n = 0;
                for (const _ of text) {
                    n += 1;
                }
                return n;
            }

            /** Messages not yet accepted, sent one at a time in order: {id, text}. */
            const outbox = [];
            let posting = false;
            let sendBackoff = 1000;
            let sendTimer = 0;

            function pumpNow() {
                if (outbox.length && !posting) {
                    sendBackoff = 1000;
                    pump();
                }
            }

            function errorMessage(status, body) {
                if (body && typeof body.error === 'string' && body.error) {
                    return body.error;
                }
                if (status === 413) {
                    return 'The message is too long (at most ' + LIMIT.toLocaleString() + ' characters).';
                }
                if (status === 403) {
                    return 'You may not send messages here.';
                }
                return 'The server refused the message (' + status + ').';
            }

            async function pump() {
                if (posting || !outbox.length) {
                    return;
                }
                clearTimeout(sendTimer);
                sendTimer = 0;
                posting = true;
                const job = outbox[0];
                let response = null;
                let body = null;
                try {
                    response = await fetch('messages', {
                        method: 'POST',
                        headers: { 'Content-Type': 'application/json' },
                        body: JSON.stringify({ id: job.id, text: job.text }),
                        credentials: 'same-origin',
                        cache: 'no-store',
                    });
                    try {
                        body = await response.json();
                    } catch (_) {
                        body = null;
                    }
                } catch (_) {
                    response = null;
                }
                posting = false;
                const entry = entries.get(job.id);
                const status = response ? response.status : 0;
                if (response && response.ok) {
                    outbox.shift();
                    sendBackoff = 1000;
                    if (entry && entry.retrying) {
                        entry.retrying = false;
                        renderNote(entry);
                    }
                    pump();
                    return;
                }
                if (!response || status === 502 || status === 503 || status === 504 || status === 408 || status === 429) {
                    if (entry && !entry.retrying && entry.state === 'sending') {
                        entry.retrying = true;
                        renderNote(entry);
                    }
                    sendTimer = setTimeout(pump, sendBackoff);
                    sendBackoff = Math.min(sendBackoff * 2, MAX_BACKOFF);
                    return;
                }
                if (status === 401) {
                    sessionEnded();
                    return;
                }
                outbox.shift();
                if (entry) {
                    entry.state = 'failed';
                    entry.error = errorMessage(status, body);
                    entry.retrying = false;
                    entry.li.dataset.state = 'failed';
                    renderNote(entry);
                    changed(false);
                }
                pump();
            }

            /** No session: keep everything unsent as a draft, then reload (at most once in a while). */
            function sessionEnded() {
                const unsent = outbox.map((job) => job.text);
                if (input.value.trim()) {
                    unsent.push(input.value);
                }
                storageSet(DRAFT_KEY, unsent.join('\n\n'));
                const last = parseInt(storageGet(RELOAD_KEY) || '0', 10);
                if (!(Date.now() - last < 30000)) {
                    storageSet(RELOAD_KEY, String(Date.now()));
                    location.reload();
                    return;
                }
                const why = 'Your session has ended. Reload the page to continue; unsent messages will be put back in the message box.';
                for (const job of outbox.splice(0)) {
                    const entry = entries.get(job.id);
                    if (entry) {
                        entry.state = 'failed';
                        entry.error = why;
                        entry.li.dataset.state = 'failed';
                        renderNote(entry);
                    }
                }
                showNotice(why, 'Reload', () => location.reload(), true);
            }

            function enqueue(text) {
                const id = newId();
                upsert({ id, role: 'user', text, format: 'plain', state: 'sending', time: Date.now() }, false);
                outbox.push({ id, text });
                scrollToBottom(false);
                pump();
            }

            function retryMessage(entry) {
                const text = entry.text;
                removeEntry(entry);
                enqueue(text);
                input.focus();
            }

            function editMessage(entry) {
                const text = entry.text;
                removeEntry(entry);
                input.value = input.value.trim() ? text + '\n' + input.value : text;
                inputChanged();
                input.focus();
                input.setSelectionRange(input.value.length, input.value.length);
            }

            function submit() {
                const text = input.value.trim();
                if (!text) {
                    return;
                }
                if (charCount(text) > LIMIT) {
                    showNotice('The message is too long: at most ' + LIMIT.toLocaleString() + ' characters can be sent at once.');
                    return;
                }
                hideNotice();
                input.value = '';
                inputChanged();
                enqueue(text);
            }

            // ---------------------------------------------------------------- Notice

            /** Shows a message above the composer; a sticky one stays until the page is reloaded. */
            function showNotice(text, actionLabel, action, sticky) {
                noticeEl.textContent = '';
                noticeEl.dataset.kind = sticky ? 'sticky' : 'transient';
                noticeEl.append(el('span', null, text));
                if (actionLabel) {
                    const button = el('button', 'link-button', actionLabel);
                    button.type = 'button';
                    button.addEventListener('click', action);
                    noticeEl.append(button);
                }
                noticeEl.hidden = false;
            }

            function hideNotice() {
                if (noticeEl.dataset.kind === 'sticky') {
                    return;
                }
                noticeEl.hidden = true;
                noticeEl.textContent = '';
            }

            // ---------------------------------------------------------------- Composer

            function resize() {
                input.style.height = 'auto';
                input.style.height = input.scrollHeight + 'px';
            }

            function updateCounter() {
                const n = charCount(input.value);
                const over = n > LIMIT;
                form.classList.toggle('over', over);
                if (n < WARN_AT) {
                    counterEl.hidden = true;
                    counterEl.textContent = '';
                    return;
                }
                counterEl.hidden = false;
                counterEl.textContent = n.toLocaleString() + ' / ' + LIMIT.toLocaleString() + (over ? ' — too long' : '');
            }

            function inputChanged() {
                resize();
                updateCounter();
                updateMenu();
                if (!noticeEl.hidden && !form.classList.contains('over')) {
                    hideNotice();
                }
                storageSet(DRAFT_KEY, input.value);
            }

            // Command hints.
            let menuItems = [];
            let menuActive = -1;
            let menuDismissed = null;

            function closeMenu() {
                if (menuEl.hidden) {
                    return;
                }
                menuEl.hidden = true;
                menuEl.textContent = '';
                menuItems = [];
                menuActive = -1;
                input.removeAttribute('aria-activedescendant');
                input.removeAttribute('aria-controls');
            }

            function setActive(index) {
                menuActive = index;
                Array.from(menuEl.children).forEach((option, i) => {
                    option.setAttribute('aria-selected', i === index ? 'true' : 'false');
                });
                const active = menuEl.children[index];
                if (active) {
                    input.setAttribute('aria-activedescendant', active.id);
                    active.scrollIntoView({ block: 'nearest' });
                }
            }

            function updateMenu() {
                const value = input.value;
                const m = /^\/(\S*)$/.exec(value);
                if (!m || value === menuDismissed) {
                    closeMenu();
                    return;
                }
                menuDismissed = null;
                const query = m[1].toLowerCase();
                const items = COMMANDS.filter((command) => command[0].startsWith(query));
                if (!items.length) {
                    closeMenu();
                    return;
                }
                const previous = menuItems[menuActive];
                menuEl.textContent = '';
                items.forEach((command) => {
                    const option = el('li', 'command');
                    option.id = 'command-' + command[0];
                    option.setAttribute('role', 'option');
                    const name = el('span', 'command-name', '/' + command[0]);
                    if (command[1]) {
                        name.append(el('span', 'command-args', ' ' + command[1]));
                    }
                    option.append(name, el('span', 'command-help', command[2]));
                    option.addEventListener('mousedown', (event) => event.preventDefault());
                    option.addEventListener('click', () => complete(command));
                    menuEl.append(option);
                });
                menuItems = items;
                menuEl.hidden = false;
                jumpEl.hidden = true;
                input.setAttribute('aria-controls', 'commands');
                const keep = previous ? items.indexOf(previous) : -1;
                setActive(keep >= 0 ? keep : 0);
            }

            function complete(command) {
                input.value = '/' + command[0] + ' ';
                closeMenu();
                inputChanged();
                input.focus();
                input.setSelectionRange(input.value.length, input.value.length);
            }

            input.addEventListener('input', inputChanged);

            input.addEventListener('keydown', (event) => {
                if (event.isComposing || event.keyCode === 229) {
                    return;
                }
                if (!menuEl.hidden && menuItems.length) {
                    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
                        event.preventDefault();
                        const step = event.key === 'ArrowDown' ? 1 : -1;
                        setActive((menuActive + step + menuItems.length) % menuItems.length);
                        return;
                    }
                    if (event.key === 'Escape') {
                        event.preventDefault();
                        menuDismissed = input.value;
                        closeMenu();
                        return;
                    }
                    const command = menuItems[menuActive];
                    if (command && !event.shiftKey && (event.key === 'Tab' ||
                        (event.key === 'Enter' && input.value.trim() !== '/' + command[0]))) {
                        event.preventDefault();
                        complete(command);
                        return;
                    }
                }
                if (event.key === 'Enter' && !event.shiftKey && !event.altKey) {
                    event.preventDefault();
                    submit();
                }
            });

            input.addEventListener('blur', () => {
                closeMenu();
            });

            input.addEventListener('focus', () => {
                updateMenu();
            });

            form.addEventListener('submit', (event) => {
                event.preventDefault();
                submit();
                input.focus();
            });

            // ---------------------------------------------------------------- Start

            const draft = storageGet(DRAFT_KEY);
            if (draft) {
                input.value = draft;
            }
            resize();
            updateCounter();
            connect();
        })();
        """#
}
