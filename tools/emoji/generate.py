#!/usr/bin/env python3
"""Writes the emoji picker's data from emojibase-data (MIT, https://emojibase.dev).

Run from the repository's root:
    npm pack emojibase-data@17.0.0 && tar xzf emojibase-data-17.0.0.tgz
    python3 tools/emoji/generate.py package/en/compact.json package/en/messages.json
It writes LetsChat.Components/Chat/Reactions/emoji.tsv: one line per emoji, in emojibase's order, with its group,
the emoji, its name and its search keywords. Skin-tone components and lone regional indicators are left out.
"""
import json
import sys

compact, messages = sys.argv[1], sys.argv[2]
groups = {g["order"]: g["message"] for g in json.load(open(messages, encoding="utf-8"))["groups"]}
def canonical(emoji):
    """Drops U+FE0F after a code point that shows as emoji anyway (U+1F000 and up), as people's keyboards send it."""
    out = []
    for ch in emoji:
        if ch == "\ufe0f" and out and ord(out[-1]) >= 0x1F000:
            continue
        out.append(ch)
    return "".join(out)


rows = []
for e in json.load(open(compact, encoding="utf-8")):
    group = e.get("group")
    if group is None or groups[group] == "components":
        continue
    tags = " ".join(t.replace("\t", " ") for t in e.get("tags", []))
    rows.append((e.get("order", 0), groups[group], canonical(e["unicode"]), e["label"], tags))

rows.sort(key=lambda r: r[0])
with open("LetsChat.Components/Chat/Reactions/emoji.tsv", "w", encoding="utf-8", newline="\n") as out:
    out.write("# From emojibase-data 17.0.0 (MIT, see LICENSE.emojibase) by tools/emoji/generate.py\n")
    for _, group, emoji, label, tags in rows:
        out.write(f"{group}\t{emoji}\t{label}\t{tags}\n")
print(len(rows), "emoji")
