"""The audit page's HTML: totals, sites, the near-copy score histogram, samples, errors."""

from __future__ import annotations

import html
import math
from pathlib import Path

from dedupe.audit import MAX_NAME, MAX_SITES, RULES, Audit, Sample, cut, flat_settings, gather, highlight, samples
from dedupe.language import dominant, language

MAX_SETTINGS = 100  # settings listed from a run record

STYLE = """
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0}
body{color:#1d2330;background:#f6f7f9}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:20px;margin:32px 0 10px;border-bottom:2px solid #dde1e8;padding-bottom:4px}
h3{font-size:16px;margin:18px 0 8px;color:#3b4456}
.muted{color:#667085}.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:24px}.card span{color:#667085;font-size:13px}
table{border-collapse:collapse;background:#fff;width:100%;font-size:14px}
th,td{border:1px solid #e3e6ec;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#eef1f5}td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{background:#4f6bed;height:10px;border-radius:2px}
.sample{background:#fff;border:1px solid #dde1e8;border-radius:8px;margin:10px 0;padding:8px 12px}
.where{font-size:13px;color:#475467;margin-bottom:6px;word-break:break-all}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.pair div{white-space:pre-wrap;word-break:break-word;background:#fafbfc;border-radius:6px;padding:6px 8px}
.pair p{margin:0 0 2px;font-size:12px;color:#667085;text-transform:uppercase;letter-spacing:.04em}
del{background:#ffd7d5;text-decoration:line-through;text-decoration-color:#b42318}
ins{background:#d1fadf;text-decoration:none}
.rule{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;color:#fff;background:#4f6bed}
.errors li{margin:4px 0;word-break:break-all}
svg text{font:11px system-ui,sans-serif;fill:#475467}
"""
RULE_TEXT = {
    "exact": "the same paragraph again",
    "near": "a near copy (same facts, spelling or a frame apart)",
    "teaser": "a cut or partial copy of a longer paragraph",
    "run": "a block of paragraphs repeated",
    "boilerplate": "a line found across many of the site's articles",
}


def render(audit: Audit, report_name: str) -> str:
    e = html.escape
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>dedupe audit: {e(report_name)}</title><style>{STYLE}</style></head><body><main>",
        f"<h1>dedupe audit</h1><div class='muted'>report {e(report_name)}</div>",
        _provenance(audit),
        *(
            [_totals(audit), _sites(audit), _histogram(audit), _samples(audit), _errors(audit)]
            if audit.summary.files + audit.summary.records
            else ["<p class='empty'>The report holds no records: the run had no input to clean.</p>"]
        ),
        "</main></body></html>",
    ]
    return "\n".join(parts) + "\n"


def _card(value: int, label: str, key: str) -> str:
    return f"<div class='card' data-key='{html.escape(key)}'><b>{value:,}</b><span>{html.escape(label)}</span></div>"


def _totals(audit: Audit) -> str:
    cards = []
    counts = audit.summary
    if counts.files or not counts.records:
        cards.append(_card(counts.files, "files", "files"))
    if counts.records:
        cards.append(_card(counts.records, "dataset records", "records"))
    cards += [
        _card(counts.changed + counts.records_changed, "changed", "changed"),
        _card(counts.removed, "paragraphs removed", "removed"),
    ]
    cards += [_card(audit.rules[rule], f"removed: {rule}", f"rule-{rule}") for rule in _rules(audit)]
    cards += [
        _card(counts.errors, "errors", "errors"),
        _card(counts.normalized, "only normalized", "normalized"),
        _card(audit.repaired, "encoding repairs", "repaired"),
        _card(audit.warned, "with warnings", "warned"),
    ]
    return "<h2>Totals</h2><div class='cards'>" + "".join(cards) + "</div>"


def _rules(audit: Audit) -> list[str]:

    return [rule for rule in RULES if audit.rules[rule]] + sorted(set(audit.rules) - set(RULES))


def _sites(audit: Audit) -> str:

    e = html.escape
    sites = sorted(audit.sites.items(), key=lambda item: (-item[1].articles, item[0]))
    boilerplate = any(site.boilerplate for _, site in sites)
    head = "<tr><th>site</th><th>articles</th><th>removals</th><th>articles touched</th><th></th>"
    head += "<th>boilerplate lines</th></tr>" if boilerplate else "</tr>"
    rows = []
    for name, site in sites[:MAX_SITES]:
        share = site.touched / site.articles if site.articles else 0.0
        row = (
            f"<tr><td><bdi>{e(name)}</bdi></td><td class='n'>{site.articles:,}</td><td class='n'>{site.removed:,}</td>"
            f"<td class='n'>{share:.1%}</td><td style='width:160px'><div class='bar' "
            f"style='width:{share * 100:.1f}%'></div></td>"
        )
        rows.append(row + (f"<td class='n'>{len(site.boilerplate):,}</td></tr>" if boilerplate else "</tr>"))
    more = (
        f"<p class='muted'>{len(sites) - MAX_SITES:,} smaller sites not listed.</p>" if len(sites) > MAX_SITES else ""
    )
    return f"<h2>Sites</h2><table>{head}{''.join(rows)}</table>{more}"


def _histogram(audit: Audit) -> str:
    threshold = audit.threshold
    title = "<h2>Near copies by score</h2>"
    if not audit.scores:
        return title + "<p class='muted'>No near copy was removed.</p>"
    low = math.floor(min(threshold, min(audit.scores)))
    bins = [low + step / 2 for step in range(int((100 - low) * 2) + 1)]
    width, height, left, bottom = 900, 220, 40, 30
    bar = (width - left - 10) / len(bins)
    top = max(audit.scores.values())
    shapes = []
    for number, start in enumerate(bins):
        count = audit.scores.get(start, 0)
        if count:
            h = (height - bottom - 10) * count / top
            x, y = left + number * bar, height - bottom - h
            shapes.append(
                f"<rect x='{x:.1f}' y='{y:.1f}' width='{max(bar - 1, 1):.1f}' height='{h:.1f}' fill='#4f6bed'>"
                f"<title>{start:g}-{start + 0.5:g}: {count}</title></rect>"
            )
        if start == int(start) and (int(start) - low) % max(1, (100 - low) // 10) == 0:
            shapes.append(f"<text x='{left + number * bar:.1f}' y='{height - 12}'>{start:g}</text>")
    x = left + (threshold - low) * 2 * bar
    shapes.append(f"<line x1='{x:.1f}' y1='4' x2='{x:.1f}' y2='{height - bottom}' stroke='#b42318' stroke-width='2'/>")
    shapes.append(f"<text x='{x + 4:.1f}' y='14' style='fill:#b42318'>threshold {threshold:g}</text>")
    shapes.append(f"<text x='4' y='14'>{top}</text>")
    just_above = sum(count for start, count in audit.scores.items() if start < threshold + 2)
    total = sum(audit.scores.values())
    note = (
        f"<p class='muted'>{total:,} near copies; {just_above:,} ({just_above / total:.0%}) score within 2 points "
        f"of the threshold ({threshold:g}).</p>"
    )
    svg = (
        f"<svg role='img' aria-label='near copies by score' style='width:100%;max-width:{width}px;height:auto' "
        f"viewBox='0 0 {width} {height}'>"
        f"<line x1='{left}' y1='{height - bottom}' x2='{width - 10}' y2='{height - bottom}' stroke='#98a2b3'/>"
        + "".join(shapes)
        + "</svg>"
    )
    return title + note + svg


def _samples(audit: Audit) -> str:
    parts = ["<h2 id='samples'>Samples</h2>"]
    rules = " · ".join(f"<a href='#rule-{html.escape(rule)}'>{html.escape(rule)}</a>" for rule in _rules(audit))
    if rules:
        parts.append(f"<p>Jump to: {rules}</p>")
    if not audit.summary.removed:
        parts.append("<p class='muted'>Nothing was removed.</p>")
    # The articles' language, where one dominates the samples: a text too short to tell its own
    # takes it (the page's own words stay English).
    told = {
        sample.order: language(str(sample.removal.get("text") or ""))
        for rule in _rules(audit)
        for _, group in samples(audit, rule)
        for sample in group
    }
    usual = dominant(told.values())
    for rule in _rules(audit):
        parts.append(
            f"<h3 id='rule-{html.escape(rule)}'><span class='rule'>{html.escape(rule)}</span> "
            f"{audit.rules[rule]:,} removed: {html.escape(RULE_TEXT.get(rule, ''))}</h3>"
        )
        for label, shown in samples(audit, rule):
            parts.append(f"<p class='muted'>{len(shown)} {html.escape(label)}</p>")
            parts += [_sample(sample, told.get(sample.order) or usual, usual) for sample in shown]
    return "".join(parts)


def _sample(sample: Sample, tag: str | None, usual: str | None) -> str:
    """One sample: its removed text in language ``tag``, the kept one in its own (else ``usual``)."""
    e = html.escape
    r = sample.removal
    text = str(r.get("text") or "")
    kept = r.get("kept_text")
    lang = _attributes(tag)
    where = f"<bdi>{e(sample.record)}</bdi> · line {e(str(r.get('line')))}"  # a name's marks reorder no more
    if r.get("rule") == "boilerplate":
        where += f" · in {e(str(r.get('documents')))} of the site's {e(str(r.get('articles')))} articles"
        body = f"<div><p>removed</p><span{lang}>{e(text)}</span></div>{_no_keeper('no copy: site boilerplate')}"
    else:
        where += f" · kept at line {e(str(r.get('kept_line')))} · score {e(str(r.get('score')))}"
        if kept is None:
            body = (
                f"<div><p>removed</p><span{lang}>{e(text)}</span></div>"
                "<div><p>kept</p><span class='muted'>not in the report</span></div>"
            )
        else:
            removed, keeper = highlight(text, str(kept))
            body = f"<div><p>removed</p><span{lang}>{removed}</span></div>"
            body += f"<div><p>kept</p><span{_attributes(language(str(kept)) or usual)}>{keeper}</span></div>"
    return f"<div class='sample'><div class='where'>{where}</div><div class='pair'>{body}</div></div>"


def _attributes(tag: str | None) -> str:
    """The attributes of a text's element: its language, and its own direction (Arabic and Hebrew
    read right to left, whatever the page around them)."""
    return f" lang='{html.escape(tag)}' dir='auto'" if tag else " dir='auto'"


def _no_keeper(why: str) -> str:
    return f"<div><p>kept</p><span class='muted'>{html.escape(why)}</span></div>"


def _provenance(audit: Audit) -> str:
    """How the run was made, from the report's run record: version, start and settings."""
    e = html.escape
    run = audit.run
    if run is None:
        return "<p class='muted run'>The report does not say how the run was made (no run record).</p>"
    joined = f" The report joins {audit.runs:,} runs: the first is shown." if audit.runs > 1 else ""
    core = f" (<bdi>{e(cut(run['core'], MAX_NAME))}</bdi>)" if run.get("core") else ""
    cells = []
    for key, value in list(flat_settings(run["settings"]))[:MAX_SETTINGS]:
        shown = ", ".join(map(_setting, value)) if isinstance(value, list) else _setting(value)
        name, given = e(cut(key, MAX_NAME)), e(cut(shown, MAX_NAME))
        cells.append(f"<tr><th><bdi>{name}</bdi></th><td><bdi>{given}</bdi></td></tr>")
    return (
        f"<p class='run'>Made by dedupe <bdi>{e(cut(run['dedupe'], MAX_NAME))}</bdi>{core}, started "
        f"<bdi>{e(cut(run['started'], MAX_NAME))}</bdi>.{joined}</p>"
        f"<details class='settings' open><summary>Settings</summary><table>{''.join(cells)}</table></details>"
    )


def _setting(value: object) -> str:
    return "none" if value is None else "true" if value is True else "false" if value is False else str(value)


def _errors(audit: Audit) -> str:
    e = html.escape
    if not audit.summary.errors:
        return "<h2>Errors</h2><p class='muted'>None.</p>"
    items = "".join(
        f"<li><code><bdi>{e(where)}</bdi></code>: <bdi>{e(message)}</bdi></li>" for where, message in audit.error_list
    )
    more = audit.summary.errors - len(audit.error_list)
    tail = f"<p class='muted'>{more:,} more not listed.</p>" if more else ""
    return f"<h2>Errors</h2><ul class='errors'>{items}</ul>{tail}"


def write_page(report: Path, out: Path) -> Audit:
    """Gather the report at ``report`` and write its page to ``out`` (atomically); return what was
    gathered."""
    from dedupe import writer

    audit = gather(report)
    writer.write_atomic(out, render(audit, report.name).encode("utf-8"), follow=True)
    return audit
