"""A ``<table>`` becomes the data of Wagtail's TableBlock: one grid, merged cells spanned,
header row and column read from ``<thead>`` and ``<th>``, a caption kept."""


def cell_text(cell):
    for br in cell.find_all("br"):
        br.replace_with("\n")
    return "\n".join(" ".join(line.split()) for line in cell.get_text(" ").split("\n")).strip()


def table_value(node, caption):
    """Wagtail TableBlock data for a ``<table>``: one grid, merged cells spanned, the first
    row a header row when it is headed (or in ``<thead>``), the first column when every row
    starts with a ``<th>``. None for a table with no cells."""
    sections = [node.find(name, recursive=False) for name in ("thead", "tbody", "tfoot")]
    rows = []
    for section in sections[:2]:
        if section is not None:
            rows += section.find_all("tr", recursive=False)
    rows += node.find_all("tr", recursive=False)
    rows += [tr for body in node.find_all("tbody", recursive=False)[1:]
             for tr in body.find_all("tr", recursive=False)]
    if sections[2] is not None:
        rows += sections[2].find_all("tr", recursive=False)
    if len(rows) > 1 and is_title_row(rows[0]):
        # A caption written as a first row of one heading cell (trafilatura writes captions
        # so): the table's title, not a row of data.
        title = cell_text(rows.pop(0).find("th"))
        caption = " ".join(part for part in (title, caption) if part)
    grid, merges, hidden, heads = {}, [], [], {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row.find_all(["td", "th"], recursive=False):
            while (r, c) in grid:
                c += 1
            span_rows = whole(cell.get("rowspan"), limit=len(rows) - r)
            span_cols = whole(cell.get("colspan"), limit=100)
            grid[(r, c)] = cell_text(cell)
            heads[(r, c)] = cell.name == "th"
            if span_rows > 1 or span_cols > 1:
                merges.append({"row": r, "col": c, "rowspan": span_rows, "colspan": span_cols})
                for dr in range(span_rows):
                    for dc in range(span_cols):
                        if dr or dc:
                            grid[(r + dr, c + dc)] = ""
                            hidden.append({"row": r + dr, "col": c + dc, "hidden": True})
            c += span_cols
    if not grid:
        return None
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    data = [[grid.get((r, c), "") for c in range(width)] for r in range(height)]
    in_head = sections[0] is not None and bool(sections[0].find("tr"))
    first_row = in_head or (height > 1 and all(heads.get((0, c), False)
                                                for c in range(width) if (0, c) in heads))
    body_rows = range(1 if first_row else 0, height)
    first_col = bool(body_rows) and all(heads.get((r, 0), False) for r in body_rows)
    choice = {(True, True): "both", (True, False): "row", (False, True): "column",
              (False, False): "neither"}[(first_row, first_col)]
    return {
        "data": data, "table_caption": caption, "first_row_is_table_header": first_row,
        "first_col_is_header": first_col, "table_header_choice": choice,
        "mergeCells": merges, "cell": hidden,
    }


def is_title_row(row):
    cells = row.find_all(["td", "th"], recursive=False)
    filled = [cell for cell in cells if cell.get_text(strip=True)]
    return len(cells) > 1 and len(filled) == 1 and filled[0] is cells[0] and \
        cells[0].name == "th"


def whole(value, *, limit):
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return max(1, min(number, max(limit, 1)))
