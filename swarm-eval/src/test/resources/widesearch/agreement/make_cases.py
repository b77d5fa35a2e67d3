"""Writes cases.jsonl: the agreement cases (python3 make_cases.py > cases.jsonl)."""
import json

G = "name,year,revenue\nApple Inc,1976,394.3\nMicrosoft,1975,211.9\nAlphabet,1998,282.8\n"
E = {"required": ["name", "year", "revenue"], "unique_columns": ["name"],
     "eval_pipeline": {"name": {"preprocess": ["norm_str"], "metric": ["exact_match"]},
                       "year": {"metric": ["number_near"], "criterion": 0.0},
                       "revenue": {"preprocess": ["extract_number"], "metric": ["number_near"], "criterion": 0.05}}}
OK = "| name | year | revenue |\n|---|---|---|\n| Apple Inc | 1976 | 394.3 |\n| Microsoft | 1975 | 211.9 |\n| Alphabet | 1998 | 282.8 |"
cases = []


def case(cid, rule, response, gold=G, ev=E, llm=None):
    c = {"id": cid, "rule": rule, "evaluation": ev, "gold_csv": gold, "response": response}
    if llm is not None:
        c["llm"] = llm
    cases.append(c)


def fenced(t, prose_before="Here is the table:\n", prose_after="\nDone."):
    return prose_before + "```markdown\n" + t + "\n```" + prose_after


case("perfect-fenced", "extraction: first ```markdown block", fenced(OK))
case("perfect-plain", "extraction: pipe lines without a fence", "Answer:\n\n" + OK + "\n\nSources: web.")
case("header-normalised", "columns: headers stripped, lower-cased, spaces removed",
     fenced(OK.replace("| name | year | revenue |", "| Na me | YEAR | Revenue  |")))
EP = {"required": ["country", "population(m)"], "unique_columns": ["country"],
      "eval_pipeline": {"country": {"preprocess": ["norm_str"], "metric": ["exact_match"]},
                        "population(m)": {"preprocess": ["extract_number"], "metric": ["number_near"], "criterion": 0.1}}}
case("header-population-m", "columns: Population (M) normalised to population(m)",
     fenced("| Country | Population (M) |\n|:--|--:|\n| France | 68.2 |\n| Japan | 124.5 million |"),
     gold="Country,Population (M)\nFrance,68.17\nJapan,124.5\n", ev=EP)
case("missing-column", "columns: a missing column scores 0",
     fenced("| name | year |\n|---|---|\n| Apple Inc | 1976 |\n| Microsoft | 1975 |\n| Alphabet | 1998 |"))
case("extra-column", "columns: an extra column scores 0",
     fenced("| name | year | revenue | ceo |\n|---|---|---|---|\n| Apple Inc | 1976 | 394.3 | Cook |"))
case("draft-then-final-fenced", "extraction: the fenced block wins over an earlier draft table",
     "Draft:\n| name | year | revenue |\n|---|---|---|\n| Apple Inc | 1900 | 1 |\n\nFinal:\n" + fenced(OK, "", ""))
case("two-fenced-first-wins", "extraction: the first ```markdown block is scored, not the last",
     fenced(OK.replace("1998", "1999")) + "\nCorrected:\n" + fenced(OK, "", ""))
case("no-table", "extraction: no table scores 0", "I could not find the data.")
case("few-pipes", "extraction: fewer than 4 pipes is no table", "name | year\nApple | 1976")
case("escaped-pipe-later-row", "extraction: an escaped pipe in a later row is a tokenizing error (0)",
     fenced(OK.replace("| Microsoft |", "| Micro\\|soft |")))
case("extra-cell-first-row", "extraction: one extra cell in the first row shifts every row (implicit index)",
     fenced(OK.replace("| Apple Inc | 1976 | 394.3 |", "| Apple Inc | 1976 | 394.3 | x |")))
case("short-row", "extraction: a short row is padded with missing values",
     fenced(OK.replace("| Alphabet | 1998 | 282.8 |", "| Alphabet | 1998 |")))
case("no-leading-pipes", "extraction: without leading pipes only the first pipe run is read",
     "name | year | revenue\n---|---|---\nApple Inc | 1976 | 394.3\nMicrosoft | 1975 | 211.9")
case("year-1970-vs-1958-strict-criterion", "numbers: per-column criterion 0 rejects 1970 for 1958",
     fenced("| name | year | revenue |\n|---|---|---|\n| Apple Inc | 1970 | 394.3 |"),
     gold="name,year,revenue\nApple Inc,1958,394.3\n")
E1 = json.loads(json.dumps(E)); E1["eval_pipeline"]["year"]["criterion"] = 0.01
case("year-1970-vs-1958-one-percent", "numbers: a 1% criterion accepts 1970 for 1958 (|t| * c)",
     fenced("| name | year | revenue |\n|---|---|---|\n| Apple Inc | 1970 | 394.3 |"),
     gold="name,year,revenue\nApple Inc,1958,394.3\n", ev=E1)
case("extract-first-number", "numbers: first number in a cell; commas removed; 2.5 million -> 2.5",
     fenced("| name | year | revenue |\n|---|---|---|\n| Apple Inc | 1976 | $394.3 billion (FY2023) |\n"
            "| Microsoft | 1975 | 211,900 million |\n| Alphabet | 1998 | about 282.8 |"))
EN = {"required": ["k", "v"], "unique_columns": ["k"],
      "eval_pipeline": {"k": {"metric": ["exact_match"]}, "v": {"preprocess": ["extract_number"], "metric": ["number_near"], "criterion": 0.1}}}
GN = "k,v\na,100\nb,110\nc,100\nd,90\ne,45%\nf,0.45\ng,0\nh,15000\n"
case("tolerance-relative-to-target", "numbers: |r - t| <= |t| * criterion, percentages / 100",
     fenced("| k | v |\n|---|---|\n| a | 110 |\n| b | 100 |\n| c | 90 |\n| d | 100 |\n| e | 0.45 |\n| f | 45% |\n| g | 0.0 |\n| h | 15,000 employees |"),
     gold=GN, ev=EN)
case("unicode-digits", "numbers: Python's \\d and float() accept other scripts' digits",
     fenced("| k | v |\n|---|---|\n| a | １００ |\n| b | ١١٠ |"), gold="k,v\na,100\nb,110\n", ev=EN)
ED = {"required": ["event", "date"], "unique_columns": ["event"],
      "eval_pipeline": {"event": {"metric": ["exact_match"]}, "date": {"metric": ["date_near"]}}}
case("dates-near", "dates: +-31 days, formats, two unparseable cells match",
     fenced("| event | date |\n|---|---|\n| a | March 5, 2024 |\n| b | 2024-01-01 |\n| c | unknown |\n| d | TBD |\n"
            "| e | 5 Mar 2024 |\n| f | 2024年3月5日 |\n| g | 1958 |\n| h | 1970 |\n| i | 03/05/2024 |\n| j | Feb 2024 |"),
     gold="event,date\na,2024-03-20\nb,2024-03-01\nc,not known\nd,2024-01-01\ne,2024/04/04\nf,2024-03-05\ng,1958\nh,1958\ni,2024-03-05\nj,2024-02-20\n",
     ev=ED)
EU = {"required": ["site", "url"], "unique_columns": ["site"],
      "eval_pipeline": {"site": {"metric": ["exact_match"]}, "url": {"metric": ["url_match"]}}}
case("url-domains", "urls: compared by domain (netloc) sets",
     fenced("| site | url |\n|---|---|\n| a | https://www.apple.com/about |\n| b | http://apple.com |\n| c | none |\n| d | see https://x.org/a and https://y.org |"),
     gold="site,url\na,http://www.apple.com\nb,https://www.apple.com\nc,n/a\nd,https://y.org/b https://x.org\n", ev=EU)
EJ = {"required": ["name", "ceo"], "unique_columns": ["name"],
      "eval_pipeline": {"name": {"preprocess": ["norm_str"], "metric": ["exact_match"]},
                        "ceo": {"metric": ["llm_judge"], "criterion": "The CEO's name must refer to the same person; ignore titles."}}}
GJ = "name,ceo\nApple Inc,Tim Cook\nMicrosoft,Satya Nadella\nAlphabet,Sundar Pichai\n"
RJ = fenced("| name | ceo |\n|---|---|\n| Alphabet | Sundar Pichai |\n| Apple Inc | Mr. Tim Cook |\n| Microsoft | Steve Ballmer |")
case("llm-judge-scripted", "llm_judge: one call per column, idx_i scores", RJ, gold=GJ, ev=EJ,
     llm=[None, "Analysis...\n```json\n{\"idx_0\": 1, \"idx_1\": 0, \"idx_2\": 1}\n```"])
case("llm-judge-failed-call", "llm_judge: a failed call scores 0 for the column", RJ, gold=GJ, ev=EJ, llm=[None, None])
case("llm-judge-unparseable", "llm_judge: an unparseable reply scores 0", RJ, gold=GJ, ev=EJ, llm=[None, "all correct"])
case("llm-judge-missing-idx", "llm_judge: a missing idx scores 0, the last json block counts", RJ, gold=GJ, ev=EJ,
     llm=[None, "```json\n{\"idx_0\": 0}\n```\nRevised:\n```json\n{\"idx_1\": 1, \"idx_2\": 1}\n```"])
case("norm-str-bold-keys", "normalisation: norm_str drops spaces and * (bold keys match)",
     fenced(OK.replace("| Apple Inc |", "| **Apple  Inc** |").replace("| Microsoft |", "| MICROSOFT |")))
case("exact-duplicates-dropped", "duplicates: a repeated key row is dropped before scoring",
     fenced(OK + "\n| Apple Inc | 1976 | 394.3 |"))
case("normalised-duplicate-keys", "duplicates: keys equal only after norm_str join twice (F1 > 1)",
     fenced(OK + "\n| apple inc | 1976 | 394.3 |\n| APPLE INC | 1976 | 394.3 |"))
case("gold-normalised-duplicates", "duplicates: gold keys equal after normalisation",
     fenced(OK), gold=G + "apple inc,1976,394.3\n")
EB = {"required": ["k", "v", "w"], "unique_columns": ["k"],
      "eval_pipeline": {"k": {"metric": ["exact_match"]}, "v": {"preprocess": ["norm_str"], "metric": ["exact_match"]},
                        "w": {"metric": ["exact_match"]}}}
case("blank-against-blank", "items: blank vs blank (nan vs nan) and N/A vs blank match",
     fenced("| k | v | w |\n|---|---|---|\n| a |  | x |\n| b | N/A | y |\n| c | q | |"),
     gold="k,v,w\na,,x\nb,,y\nc,q,\n", ev=EB)
EI = {"required": ["k", "year"], "unique_columns": ["k"],
      "eval_pipeline": {"k": {"metric": ["exact_match"]}, "year": {"metric": ["exact_match"]}}}
case("int-column-with-blank", "pandas: an integer column with a blank reads as floats (1976.0 != 1976)",
     fenced("| k | year |\n|---|---|\n| a | 1976 |\n| b |  |\n| c | 1998 |"),
     gold="k,year\na,1976\nb,1975\nc,1998\n", ev=EI)
case("int-leading-zero-and-bool", "pandas: 007 reads as 7, true as True",
     fenced("| k | year |\n|---|---|\n| a | 007 |\n| b | true |"), gold="k,year\na,7\nb,TRUE\n", ev=EI)
EM = json.loads(json.dumps(E)); EM["eval_pipeline"]["revenue"]["metric"] = ["number_near", "exact_match"]
case("two-metrics-one-column", "items: each metric of a column is an item (precision can exceed 1)",
     fenced(OK.replace("394.3", "394.30")), ev=EM)
EK = json.loads(json.dumps(E)); EK["eval_pipeline"]["ceo"] = {"metric": ["exact_match"]}
case("pipeline-names-unrequired-column", "pipeline: an entry for a column that is not required is an evaluator error",
     fenced(OK), ev=EK)
case("llm-header-alignment", "alignment: an LLM maps headers onto the required columns",
     fenced(OK.replace("| name |", "| Company |")),
     llm=["```json\n{\"company\": \"name\"}\n```", None])
case("llm-key-alignment", "alignment: an LLM maps key values onto the gold keys",
     fenced(OK.replace("| Alphabet |", "| Google |")),
     llm=["```json\n{\"Google\": \"Alphabet\", \"Apple Inc\": \"Apple Inc\"}\n```"])
case("llm-alignment-failed", "alignment: a failed call leaves keys unaligned", fenced(OK.replace("| Alphabet |", "| Google |")),
     llm=[None])
ET = {"required": ["name", "year", "note"], "unique_columns": ["name"],
      "eval_pipeline": {"name": {"preprocess": ["norm_str"]}, "year": {"metric": ["number_near"], "criterion": 0.0},
                        "note": {"metric": ["number_near"], "criterion": 0.0}}}
case("score-one-with-imperfect-f1", "score: equal tables score 1 even when nan cells fail number_near",
     fenced("| name | year | note |\n|---|---|---|\n| Apple Inc | 1976 | |\n| Microsoft | 1975 | 3 |"),
     gold="name,year,note\nApple Inc,1976,\nMicrosoft,1975,3\n", ev=ET)
case("columns-reordered", "score: reordered columns still score 1 when every metric is 1",
     fenced("| revenue | name | year |\n|---|---|---|\n| 394.3 | Apple Inc | 1976 |\n| 211.9 | Microsoft | 1975 |\n| 282.8 | Alphabet | 1998 |"))
case("header-only", "rows: a table without rows scores 0", fenced("| name | year | revenue |\n|---|---|---|"))
case("quoted-cell", "pandas: a cell starting with a double quote is a quoted field",
     fenced(OK.replace("| Microsoft |", "| \"Micro\"soft |")))
case("wrong-cell-row", "rows: one wrong cell fails its row but not the other items",
     fenced(OK.replace("211.9", "150.0").replace("1998", "1997")))
EX = {"required": ["k", "v"], "unique_columns": ["k"],
      "eval_pipeline": {"k": {"metric": ["exact_match"]}, "v": {"preprocess": ["norm_str"], "metric": ["in_match"]}}}
case("in-match", "in_match: the answer is a substring of the gold cell",
     fenced("| k | v |\n|---|---|\n| a | Paris |\n| b | Lyon |"), gold="k,v\na,Paris France\nb,Marseille\n", ev=EX)
EDN = {"required": ["k", "d"], "unique_columns": ["k"],
       "eval_pipeline": {"k": {"metric": ["exact_match"]}, "d": {"preprocess": ["norm_date"], "metric": ["exact_match"]}}}
case("norm-date", "norm_date: dates rewritten as yyyy-mm-dd before exact_match",
     fenced("| k | d |\n|---|---|\n| a | March 5, 2024 |\n| b | 2024/03/06 |\n| c | soon |"),
     gold="k,d\na,2024-03-05\nb,2024-03-07\nc,soon\n", ev=EDN)
case("gold-quoted-commas", "gold CSV: quoted fields hold commas",
     fenced("| name | year | revenue |\n|---|---|---|\n| Apple, Inc. | 1976 | 394.3 |"),
     gold='name,year,revenue\n"Apple, Inc.",1976,394.3\n')
case("prose-inside-fence-and-dash-row", "extraction: prose and all-dash rows inside the block are dropped",
     "```markdown\nThe companies:\n| name | year | revenue |\n| :--- | :---: | ---: |\n| - | - | - |\n"
     "| Apple Inc | 1976 | 394.3 |\nnote: revenue in $bn\n| Microsoft | 1975 | 211.9 |\n```")
case("key-missing-and-extra", "rows: a missing gold key and an extra answer key",
     fenced(OK.replace("| Alphabet |", "| Amazon |")))
case("negative-and-plus", "numbers: signs, and ints read by pandas (+5 -> 5)",
     fenced("| k | v |\n|---|---|\n| a | -100 |\n| b | +110 |"), gold="k,v\na,-100\nb,110\n", ev=EN)
for c in cases:
    print(json.dumps(c, ensure_ascii=False))
