import MarkdownIt from 'markdown-it';
import { LineCounter, parseDocument, isMap } from 'yaml';
import type { FileFinding } from '../finding';
import { CONFIG_RULE, guidelineProblem } from './problems';
import type { FrontMatter, Guideline, GuidelineKind, MantraBlock } from './types';

type Token = MarkdownIt.Token;

/** Everything read from one guideline file. */
export interface GuidelineDocument {
  file: string;
  guidelines: Guideline[];
  /** Fenced ```mantra blocks, in order. */
  blocks: MantraBlock[];
  frontMatter?: FrontMatter;
  /** Problems found while reading (bad front matter YAML). */
  problems: FileFinding[];
}

const md = new MarkdownIt({ html: true, linkify: false });

const FRONT_MATTER = /^\uFEFF?---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** The longest front matter read. */
const MAX_FRONT_MATTER_CHARS = 65_536;

/** Keys of the front matter whose value is the file's scope globs (Claude Code, Cursor, Copilot). */
const SCOPE_KEYS = ['paths', 'globs', 'applyTo'];

/**
 * Splits YAML front matter off a markdown text: the text with the front matter lines blanked
 * (so line numbers stay), and the parsed front matter.
 */
export function splitFrontMatter(file: string, text: string): { body: string; frontMatter?: FrontMatter; problems: FileFinding[] } {
  const m = FRONT_MATTER.exec(text);
  if (!m) return { body: text, problems: [] };
  const lineCount = (m[0].match(/\n/g) ?? []).length;
  const endLine = m[0].endsWith('\n') ? lineCount - 1 : lineCount;
  const body = '\n'.repeat(lineCount) + text.slice(m[0].length);
  const problems: FileFinding[] = [];
  if ((m[1] ?? '').length > MAX_FRONT_MATTER_CHARS) {
    // As for ```mantra blocks: the YAML parser is quadratic on big mappings, and 1 MB of broken YAML is 300,000 errors.
    const message = `front matter is ${m[1].length.toLocaleString('en-US')} characters long, more than the ${MAX_FRONT_MATTER_CHARS.toLocaleString('en-US')} Mantra reads: keep only its paths`;
    problems.push(guidelineProblem(CONFIG_RULE, file, { line: 0, start: 0, end: 0 }, message, 'error'));
    return { body, frontMatter: { data: {}, endLine }, problems };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(m[1] ?? '', { lineCounter, prettyErrors: false });
  for (const e of doc.errors) {
    const pos = lineCounter.linePos(e.pos[0]);
    problems.push(
      guidelineProblem(
        CONFIG_RULE,
        file,
        { line: pos.line, start: pos.col - 1, end: pos.col - 1 },
        `front matter is not valid YAML (${firstLine(e.message)}): fix it so its paths apply`,
        'error',
      ),
    );
  }
  const raw = doc.errors.length ? undefined : doc.toJS();
  const data: Record<string, unknown> = raw && typeof raw === 'object' && !Array.isArray(raw) && isMap(doc.contents) ? raw : {};
  const frontMatter: FrontMatter = { data, endLine };
  for (const key of SCOPE_KEYS) {
    const v = data[key];
    const globs = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : typeof v === 'string' ? v.split(',') : undefined;
    if (globs) {
      frontMatter.paths = globs.map((g) => g.trim()).filter((g) => g !== '');
      break;
    }
  }
  return { body, frontMatter, problems };
}

function firstLine(s: string): string {
  return s.split('\n')[0].replace(/[.:]\s*$/, '');
}

/** Plain text of an inline token, with the offsets where its source lines break. */
interface Plain {
  text: string;
  breaks: number[];
  codeSpans: string[];
}

function plainOf(inline: Token | undefined): Plain {
  const out: Plain = { text: '', breaks: [], codeSpans: [] };
  for (const c of inline?.children ?? []) {
    switch (c.type) {
      case 'text':
        out.text += c.content;
        break;
      case 'code_inline':
        out.text += c.content;
        out.codeSpans.push(c.content);
        break;
      case 'softbreak':
      case 'hardbreak':
        out.text += ' ';
        out.breaks.push(out.text.length);
        break;
      case 'image':
        out.text += c.content;
        break;
      default:
        // Markup (strong, em, links, strikethrough, inline html) carries no text of its own.
        break;
    }
  }
  return out;
}

function tidy(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/^\s*\[[ xX]\]\s+/, '')
    .trim();
}

const ABBREVIATIONS = new Set(['e.g', 'i.e', 'etc', 'vs', 'cf', 'approx', 'incl', 'resp', 'fig', 'eq', 'no', 'mr', 'dr']);

/** Sentence start offsets of a paragraph's plain text. */
function sentenceStarts(text: string): number[] {
  const starts = [0];
  const boundary = /[.!?]+["')\]\u201d\u2019]*\s+(?=\S)/g;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    const next = text[m.index + m[0].length];
    if (/[a-z]/.test(next)) continue;
    if (text[m.index] === '.') {
      // The word before the period, from the last 64 characters only: the whole prefix made this quadratic.
      const before = /([\w.]+)$/.exec(text.slice(Math.max(0, m.index - 64), m.index));
      const word = before ? before[1].toLowerCase() : '';
      if (ABBREVIATIONS.has(word) || /^[a-z]$/i.test(word)) continue;
    }
    starts.push(m.index + m[0].length);
  }
  return starts;
}

interface ItemFrame {
  level: number;
  kind: GuidelineKind;
  guideline?: Guideline;
}

/**
 * Reads a guideline file: each bullet, numbered item, paragraph sentence and table row becomes a
 * `Guideline` (plain text, 0-based line, nearest heading, parent bullet); ```mantra fences are
 * returned as blocks; other code is ignored; YAML front matter is parsed for its scope globs.
 */
export function readGuidelines(file: string, text: string): GuidelineDocument {
  const { body, frontMatter, problems } = splitFrontMatter(file, text);
  const tokens = md.parse(body, {});
  const guidelines: Guideline[] = [];
  const blocks: MantraBlock[] = [];
  const sourceLines = body.split('\n');
  const lists: GuidelineKind[] = [];
  const items: ItemFrame[] = [];
  let heading: string | undefined;
  let quoteDepth = 0;
  let columns: string[] | undefined;
  let row: { line: number; cells: string[]; codeSpans: string[] } | undefined;
  let inHead = false;

  const base = (): Pick<Guideline, 'file' | 'heading' | 'quoted'> => ({
    file,
    ...(heading !== undefined ? { heading } : {}),
    ...(quoteDepth > 0 ? { quoted: true } : {}),
  });
  const parentText = (): string | undefined => {
    for (let i = items.length - 2; i >= 0; i--) if (items[i].guideline) return items[i].guideline!.text;
    return undefined;
  };

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case 'heading_open':
        heading = tidy(plainOf(tokens[i + 1]).text);
        i++;
        break;
      case 'blockquote_open':
        quoteDepth++;
        break;
      case 'blockquote_close':
        quoteDepth--;
        break;
      case 'bullet_list_open':
        lists.push('bullet');
        break;
      case 'ordered_list_open':
        lists.push('numbered');
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        lists.pop();
        break;
      case 'list_item_open':
        items.push({ level: t.level, kind: lists[lists.length - 1] ?? 'bullet' });
        break;
      case 'list_item_close':
        items.pop();
        break;
      case 'paragraph_open': {
        const inline = tokens[i + 1];
        const line = t.map ? t.map[0] : 0;
        const plain = plainOf(inline);
        const item = items[items.length - 1];
        if (item && t.level === item.level + 1) {
          const textOf = tidy(plain.text);
          if (!textOf) break;
          if (item.guideline) {
            item.guideline.text = `${item.guideline.text} ${textOf}`;
            item.guideline.codeSpans.push(...plain.codeSpans);
          } else {
            const parent = parentText();
            item.guideline = {
              ...base(),
              text: textOf,
              line,
              kind: item.kind,
              ...(parent !== undefined ? { listParent: parent } : {}),
              codeSpans: plain.codeSpans,
            };
            guidelines.push(item.guideline);
          }
          break;
        }
        const starts = sentenceStarts(plain.text);
        let breaksBefore = 0;
        // A paragraph with hundreds of code spans: each sentence takes the spans written inside
        // it, found in order (testing every span against every sentence is quadratic).
        const many = plain.codeSpans.length > 256;
        const spanStarts: number[] = [];
        if (many) for (let i = 0, from = 0; i < plain.codeSpans.length; i++) {
          const at = plain.text.indexOf(plain.codeSpans[i], from);
          spanStarts.push(at < 0 ? -1 : at);
          if (at >= 0) from = at + plain.codeSpans[i].length;
        }
        let nextSpan = 0;
        starts.forEach((start, k) => {
          const end = k + 1 < starts.length ? starts[k + 1] : plain.text.length;
          // The breaks are in order, as the starts are: count on, do not filter all of them again.
          while (breaksBefore < plain.breaks.length && plain.breaks[breaksBefore] <= start) breaksBefore++;
          const mine: string[] = [];
          if (many) for (; nextSpan < spanStarts.length && spanStarts[nextSpan] < end; nextSpan++) if (spanStarts[nextSpan] >= start) mine.push(plain.codeSpans[nextSpan]);
          const sentence = tidy(plain.text.slice(start, end));
          if (!sentence) return;
          guidelines.push({
            ...base(),
            text: sentence,
            line: line + breaksBefore,
            kind: 'paragraph',
            codeSpans: many ? mine : plain.codeSpans.filter((c) => sentence.includes(c)),
          });
        });
        break;
      }
      case 'thead_open':
        inHead = true;
        columns = [];
        break;
      case 'thead_close':
        inHead = false;
        break;
      case 'table_close':
        columns = undefined;
        break;
      case 'tr_open':
        if (!inHead) row = { line: t.map ? t.map[0] : 0, cells: [], codeSpans: [] };
        break;
      case 'th_open':
      case 'td_open': {
        const plain = plainOf(tokens[i + 1]);
        if (inHead) columns?.push(tidy(plain.text));
        else if (row) {
          row.cells.push(tidy(plain.text));
          row.codeSpans.push(...plain.codeSpans);
        }
        break;
      }
      case 'tr_close':
        if (row && row.cells.some((c) => c !== '')) {
          guidelines.push({
            ...base(),
            text: row.cells.filter((c) => c !== '').join(' \u2014 '),
            line: row.line,
            kind: 'table-row',
            codeSpans: row.codeSpans,
            cells: row.cells,
            ...(columns ? { columns } : {}),
          });
        }
        row = undefined;
        break;
      case 'fence': {
        const lang = t.info.trim().split(/\s+/)[0].toLowerCase();
        if (lang !== 'mantra' || !t.map) break;
        const fenceLine = sourceLines[t.map[0]] ?? '';
        const indent = /^[ \t]*/.exec(fenceLine)![0].length;
        blocks.push({ file, line: t.map[0] + 1, indent, text: t.content });
        break;
      }
      default:
        break;
    }
  }
  return { file, guidelines, blocks, ...(frontMatter ? { frontMatter } : {}), problems };
}
