"""Reading YAML safely while keeping every value's line number.

PyYAML's ``safe_load`` forgets where values came from and silently keeps the
last of two duplicated keys. Plan files are reviewed by people, so a duplicated
key is a real mistake (two targets for one year) and every error must point at
its line. We compose the node tree with the safe loader (no object tags),
convert it ourselves, record the line of each path and report duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from zzgx_plan.core.problems import Problem, problem
from zzgx_plan.files.encoding import UndetectableEncoding, decode_bytes
from zzgx_plan.files.reading import read_problem

PathKey = tuple[str | int, ...]

#: libyaml's parser when PyYAML was built with it (about 10× faster), else the pure-Python one.
SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Deepest nesting of lists and mappings read (plan files use at most five or six levels).
MAX_DEPTH = 50

_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}
_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"


@dataclass
class YamlDoc:
    """Plain Python data from a YAML file plus the line of every mapping key and list item."""

    path: str
    data: Any
    lines: dict[PathKey, int] = field(default_factory=dict)

    def line(self, *keys: str | int) -> int | None:
        """Line of the deepest known prefix of ``keys`` (1-based), or None for an empty file."""
        probe: PathKey = tuple(keys)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), None)


def read_yaml(
    path: str | Path, shown: str | None = None, kind: str = "plan", root: str | Path | None = None
) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse one YAML file (a ``kind`` of :data:`~zzgx_plan.files.reading.LIMITS`, inside the data
    directory ``root`` when given). Returns (document or None, problems); never raises for bad input.

    ``shown`` is the name the document (and its values' problems) go by, e.g. relative to the data directory;
    problems reading the file itself name ``path``."""
    p = Path(path)
    raw, refused = read_problem(p, kind, root)
    if raw is None:
        return None, refused
    if not raw.strip():
        return None, [problem(p, None, "file-empty")]
    try:
        text = decode_bytes(raw).text
    except UndetectableEncoding:
        return None, [problem(p, None, "encoding-unknown")]
    return parse_yaml(text, shown if shown is not None else p)


#: PyYAML's descriptions of a syntax error → what to tell the user (patterns tried in order).
YAML_REASON_MESSAGES = (
    (r"^mapping values are not allowed here", "这里不能再出现“键: 值”：多半是缩进不对，或值里有冒号而没有加引号"),
    (r"^expected <block end>, but found", "缩进不一致：同一层的各行要对齐"),
    (r"^found character '\\t' that cannot start any token", "含有制表符（Tab）；YAML 只能用空格缩进"),
    (
        r"^found character '(?P<char>.)' that cannot start any token",
        "字符“{char}”不能出现在值的开头；请给这个值加上引号",
    ),
    (r"^found unexpected end of stream", "文件意外结束：有引号没有配对"),
    (r"^expected ',' or '[\]}]', but got", "方括号或花括号没有配对"),
    (r"^found undefined alias '?(?P<name>[^']*)'?", "别名 *{name} 没有定义"),
    (r"^found unknown escape character '?(?P<char>[^']*)'?", "双引号中的“\\{char}”不是有效的转义；请改用单引号"),
    (r"^found unhashable key", "键只能是简单的值"),
    (r"^could not find expected ':'", "找不到应有的冒号（:）"),
    (r"^did not find expected node content", "这里缺少应有的内容：多半是缩进不对，或写了不成对的括号、引号"),
    (r"^did not find expected key", "这里应是“键: 值”：多半是缩进不对"),
    (r"^did not find expected '-' indicator", "列表的各项应以 - 开头并对齐"),
    (r"^found duplicate anchor", "锚点（&名称）重复"),
    (r"^second occurrence", "锚点（&名称）重复"),
    (r"^expected '<document start>', but found", "这里多出了不属于任何“键: 值”的内容：多半是缩进不对，或括号没有配对"),
    (
        r"^expected the node content, but found '(?P<char>.)'",
        "这里缺少应有的内容，却出现了“{char}”：多半是括号没有配对",
    ),
    (r"^found duplicate YAML directive", "%YAML 指令重复"),
    (r"^could not determine a constructor for the tag '?(?P<tag>[^']*)'?", "不支持标签 {tag}；请去掉以 ! 开头的标记"),
)
#: When PyYAML says something the list above does not know: its English is not passed on.
YAML_UNKNOWN_REASON = "格式有误；请检查这一行及上一行的缩进、冒号和引号"


def yaml_reason(text: str) -> str:
    """PyYAML's English description of a syntax error in the words of :data:`YAML_REASON_MESSAGES`."""
    import re

    for pattern, message in YAML_REASON_MESSAGES:
        found = re.match(pattern, text)
        if found:
            return message.format(**found.groupdict())
    return YAML_UNKNOWN_REASON


def parse_yaml(text: str, path: str | Path) -> tuple[YamlDoc | None, list[Problem]]:
    """Parse YAML text attributed to ``path``; see :func:`read_yaml`."""
    loader = SafeLoader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = yaml_reason(exc.problem or exc.context or "")
        loader.dispose()
        return None, [problem(path, line, "yaml-syntax", reason=reason)]
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (a control character)
        loader.dispose()
        position = exc.position if isinstance(exc.position, int) else 0
        line = text.count("\n", 0, position) + 1
        char = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        reason = f"含有 YAML 不允许的字符 U+{char:04X}（控制字符等）；请删除它"
        return None, [problem(path, line, "yaml-syntax", reason=reason)]
    except yaml.YAMLError as exc:
        loader.dispose()
        return None, [problem(path, None, "yaml-syntax", reason=yaml_reason(str(exc)))]
    except RecursionError:  # the pure-Python composer (no libyaml) on very deep nesting
        loader.dispose()
        return None, [problem(path, None, "yaml-too-deep", limit=MAX_DEPTH)]
    if node is None:
        loader.dispose()
        return None, [problem(path, None, "file-empty")]
    doc = YamlDoc(path=str(path), data=None)
    problems: list[Problem] = []
    doc.lines[()] = node.start_mark.line + 1
    doc.data = _convert(loader, node, (), doc, problems)
    loader.dispose()
    return doc, problems


def _convert(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    at: PathKey,
    doc: YamlDoc,
    problems: list[Problem],
    seen: set[int] | None = None,
) -> Any:
    if seen is None:
        seen = set()
    if len(at) > MAX_DEPTH:
        # libyaml accepts 1000 levels, more than Python's recursion allows here; plan files need a handful
        found = problem(doc.path, node.start_mark.line + 1, "yaml-too-deep", limit=MAX_DEPTH)
        if not any(p.code == "yaml-too-deep" for p in problems):
            problems.append(found)
        return None
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        # An alias (*name) to a list or mapping repeats it; nested aliases grow exponentially (a few
        # lines can take hours to expand), so a list or mapping may appear only once.
        if id(node) in seen:
            # the node's own mark is the anchor's; name the key holding the alias (or its list)
            line = doc.line(*at[:-1]) if at and isinstance(at[-1], int) else doc.line(*at)
            found = problem(
                doc.path,
                line,
                "yaml-structure",
                reason="别名（*名称）不能用来重复列表或映射；请直接写出内容",
            )
            if found not in problems:
                problems.append(found)
            return None
        seen.add(id(node))
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
        problems.append(problem(doc.path, node.start_mark.line + 1, "yaml-syntax", reason=f"不允许使用标签 {node.tag}"))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        first_line: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = _scalar(loader, key_node, doc, problems)
            key_line = key_node.start_mark.line + 1
            if not isinstance(key, str | int | float | bool) and key is not None:
                problems.append(problem(doc.path, key_line, "yaml-structure", reason="映射的键只能是简单的值"))
                continue
            # 2024 and '2024' are one year to every reader of the file (and to the models, which take the
            # number): the same key twice, not two keys
            same = str(key) if isinstance(key, int) and not isinstance(key, bool) else key
            if same in first_line:
                problems.append(problem(doc.path, key_line, "yaml-duplicate-key", key=key, first_line=first_line[same]))
                continue
            first_line[same] = key_line
            child: PathKey = (*at, key if isinstance(key, str | int) else str(key))
            doc.lines[child] = key_line
            out[key] = _convert(loader, value_node, child, doc, problems, seen)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            child = (*at, i)
            doc.lines[child] = item.start_mark.line + 1
            items.append(_convert(loader, item, child, doc, problems, seen))
        return items
    return _scalar(loader, node, doc, problems)


def _scalar(loader: Any, node: yaml.Node, doc: YamlDoc, problems: list[Problem]) -> Any:
    if not isinstance(node, yaml.ScalarNode):
        problems.append(problem(doc.path, node.start_mark.line + 1, "yaml-structure", reason="这里应是一个简单的值"))
        return None
    # The two commonest scalars without PyYAML's constructor machinery (a cold load of the plan files spends
    # most of its time there): a string is its text; a plain decimal integer is int() of it. Anything else
    # (0x…, 0o…, 1_000, 1:30, leading zeros: YAML 1.1's octal) goes through PyYAML as before.
    if node.tag == _STR_TAG:
        return node.value
    if node.tag == _INT_TAG and _is_plain_decimal(node.value):
        return int(node.value)
    try:
        return loader.construct_object(node, deep=True)
    except ValueError as exc:
        if node.tag == "tag:yaml.org,2002:timestamp":
            # an impossible timestamp such as 2023-09-31 (PyYAML raises a bare ValueError): keep the text,
            # so the model check reports it at its field (or a text field keeps it as written)
            return node.value
        problems.append(problem(doc.path, node.start_mark.line + 1, "yaml-syntax", reason=yaml_reason(str(exc))))
        return None
    except yaml.YAMLError as exc:
        reason = yaml_reason(getattr(exc, "problem", None) or str(exc))
        problems.append(problem(doc.path, node.start_mark.line + 1, "yaml-syntax", reason=reason))
        return None


def _is_plain_decimal(text: str) -> bool:
    """``17000``, ``-3``, ``0``: digits, an optional sign, no leading zero (read by ``int()`` as YAML reads it)."""
    digits = text[1:] if text[:1] in "+-" else text
    return digits.isascii() and digits.isdigit() and (digits == "0" or not digits.startswith("0"))
