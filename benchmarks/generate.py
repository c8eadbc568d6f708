"""Generate a deterministic, realistic corpus in the seed formats.

    python benchmarks/generate.py OUT_DIR --pages 10000 [--seed 1] [--defects 0.02]

Q&A pages (~4.5 KB each, ``_schema: default``) linked to each other with
``related_articleN`` blocks, plus ACR articles in both shapes (about 1 in 50 pages) and the
guides they cite. A small share of pages carry a seeded defect (mojibake, a stale related
title, an unresolved id, a subject variant, an invalid date...), listed in
``OUT_DIR/defects.json`` so that tests can check what is found.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SUBJECTS = ["Health Studies", "Medicine", "Nursing", "Pharmacology", "Public Health", "Biology"]
TOPICS = [
    "leukemia", "anemia", "thrombocytopenia", "liver cancer", "hepatomegaly", "lymphoma",
    "sepsis", "asthma", "diabetes", "hypertension", "stroke", "pneumonia", "osteoporosis",
]  # fmt: skip
STEMS = [
    "How is {t} diagnosed", "What are the symptoms of {t}", "How is {t} treated",
    "What causes {t}", "What imaging helps evaluate {t}", "Who is at risk of {t}",
    "How does {t} progress", "What complications follow {t}", "How is {t} monitored",
]  # fmt: skip
SENTENCES = [
    "Imaging studies such as CT and MRI help clinicians assess the extent of disease.",
    "Laboratory tests, including a complete blood count, remain the first step.",
    "Treatment depends on the stage, the patient’s age and coexisting conditions.",
    "Follow-up visits track the response to therapy and detect relapse early.",
    "A lesion ≥ 2 cm on ultrasound usually warrants further characterisation.",
    "Fever above 38.5 °C in a neutropenic patient is a medical emergency — act fast.",
    "Guidelines from São Paulo and Sjögren’s cohorts describe similar outcomes.",
    "Patients with β-thalassemia trait may show microcytosis without iron deficiency.",
]
DEFECTS = ["mojibake", "related-stale", "related-unresolved", "subject-vocabulary",
           "invalid-field", "url-subject-mismatch"]  # fmt: skip


def slugify(text: str) -> str:
    out = "".join(c if c.isalnum() else "-" for c in text.lower())
    return "-".join(part for part in out.split("-") if part)


def page_meta(rng: random.Random, index: int) -> dict:
    topic = TOPICS[index % len(TOPICS)]
    stem = STEMS[(index // len(TOPICS)) % len(STEMS)]
    title = f"{stem.format(t=topic)} (case {index})?"
    subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
    slug = slugify(title)
    return {
        "id": 100000 + index,
        "title": title,
        "subject": subject,
        "slug": slug,
        "url": f"/learn/{slugify(subject)}/questions/{slug}",
    }


def render_page(meta: dict, related: list[dict], rng: random.Random, defect: str | None) -> str:
    paragraphs = []
    for number in range(1, 6):
        body = " ".join(rng.choice(SENTENCES) for _ in range(5))
        paragraphs.append(f"{number}. **Point {number}**: {body}")
    answer = "Here’s how it works:\\n\\n" + "\\n\\n".join(paragraphs)
    subject, date = meta["subject"], "2025-01-30"
    if defect == "mojibake":
        answer = answer.replace("Here’s", "Hereâ€™s", 1)
    elif defect == "subject-vocabulary":
        subject = subject.lower().capitalize() if " " in subject else subject.upper()
    elif defect == "invalid-field":
        date = "2025-02-30"
    url = meta["url"]
    if defect == "url-subject-mismatch":
        url = url.replace("/learn/", "/learn/x-", 1)
    lines = [
        "---",
        "_schema: default",
        f"id: {meta['id']}",
        f"date: {date}",
        "title: >-",
        f"    {meta['title']}",
        "article_title: >-",
        f"    {meta['title']}",
        "date_format: MMM DD, YYYY",
        "post_on_text: Posted on",
        "seo:",
        f"  title: QuickTakes | {subject}",
        "  page_description: >-",
        f"    A short answer to: {meta['title']}",
        "  page_keywords: >-",
        "    imaging, diagnosis, treatment, monitoring",
        "author: QuickTakes",
        "question: >-",
        f"    {meta['title']}",
        "answer: >-",
        f"    {answer}",
        f"subject: {subject}",
        f"file_name: {meta['slug']}.md",
        f"url: {url}",
        "score: -1.0",
    ]
    for number, target in enumerate(related, start=1):
        title = target["title"]
        if defect == "related-stale" and number == 1:
            title = title.replace("?", " (old title)?")
        target_id = (
            999000000 + meta["id"]
            if defect == "related-unresolved" and number == 1
            else target["id"]
        )
        lines += [
            f"related_article{number}:",
            f"    id: {target_id}",
            "    title: >-",
            f"        {title}",
            f"    subject: {target['subject']}",
            f"    url: {target['url']}",
        ]
    lines += ["---", "", "&nbsp;"]
    return "\n".join(lines)


ACR_TEXT = """Interventional Radiology Imaging

How Should You Image {name} in Adults (Variant {n})?

A clinician must choose the first imaging study for {name}. This article explains why `CT chest with IV contrast` is rated Usually appropriate for this scenario.

Who Fits This Clinical Scenario?

The key inclusion criteria are:

  • Age: Adult patient.
  • Diagnosis: {name}.

What Are You Assessing?

Imaging answers whether disease is present and how far it extends.

Why Is CT Chest with IV Contrast a Recommended Study?

The ACR rates `CT chest with IV contrast` as Usually appropriate. It carries a relative radiation level of ☢☢☢ (1-10 mSv).

Why are other studies rated lower?

  • MRI chest without IV contrast: This is rated Usually not appropriate. It is slower and less available.

What Is the Downstream Workflow After the CT?

  • If the study is negative: no further imaging is needed.

Common Pitfalls in Imaging {name}

  • Ordering the wrong study: the appropriate next step is CT.

Related ACR Topics and Tools

For breadth across all scenarios, see our parent guide: {guide}.

Frequently Asked Questions

Is CT always needed?

Usually, yes.

Can MRI replace CT?

Not for this scenario.

Is radiation a concern?

The dose is justified.

Reviewed by Pat Example, MD, Interventional Radiologist — May 30, 2025"""


def render_guide(title: str, slug: str) -> str:
    return (
        f"---\n_schema: acr_guide\ntitle: {json.dumps(title)}\nurl: /acr/guides/{slug}\n"
        f"kind: topic\nfile_name: {slug}.md\n---\n\n# {title}\n\nAn overview.\n"
    )


def generate(out: Path, pages: int, seed: int = 1, defect_rate: float = 0.02) -> dict:
    rng = random.Random(seed)
    metas = [page_meta(rng, index) for index in range(pages)]
    defects: dict[str, str] = {}
    qa_dir, acr_dir, guide_dir = out / "qa", out / "acr", out / "guides"
    for folder in (qa_dir, acr_dir, guide_dir):
        folder.mkdir(parents=True, exist_ok=True)
    guides = []
    for topic in TOPICS:
        title = f"Imaging of {topic.title()}: ACR Appropriateness Decoded"
        slug = slugify(title)
        (guide_dir / f"{slug}.md").write_text(render_guide(title, slug), encoding="utf-8")
        guides.append(title)
    for index, meta in enumerate(metas):
        if index % 50 == 49:
            name = TOPICS[index % len(TOPICS)].title()
            text = ACR_TEXT.format(name=name, n=index, guide=guides[index % len(guides)])
            (acr_dir / f"acr-{index:06d}.txt").write_text(text, encoding="utf-8")
            continue
        targets = ((index + step * 7919) % pages for step in range(1, 6))
        related = [metas[t] for t in targets if t != index and t % 50 != 49][:4]
        defect = DEFECTS[rng.randrange(len(DEFECTS))] if rng.random() < defect_rate else None
        path = qa_dir / meta["subject"].lower().replace(" ", "-") / f"{meta['slug']}.md"
        path.parent.mkdir(exist_ok=True)
        path.write_text(render_page(meta, related, rng, defect), encoding="utf-8")
        if defect:
            defects[str(path.relative_to(out))] = defect
    (out / "defects.json").write_text(json.dumps(defects, indent=1, sort_keys=True))
    # The corpus root for cross-file rules, wherever contentlint is run from inside it.
    (out / "contentlint.toml").write_text('root = "."\n', encoding="utf-8")
    return defects


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--defects", type=float, default=0.02)
    args = parser.parse_args()
    defects = generate(args.out, args.pages, args.seed, args.defects)
    print(f"wrote {args.pages} pages to {args.out} ({len(defects)} with a seeded defect)")


if __name__ == "__main__":
    main()
