"""Problems found in plan data, carried as values.

Every loader and checker in zzgx-plan reports what is wrong with the input as a
list of :class:`Problem` rather than raising at the first one, so that a user
sees *every* mistake of a run at once, each with the file and line it sits on
(the approach of beancount's ``ValidationError`` and frictionless' row errors).

Each problem has a stable ``code`` (kebab-case) from the one :data:`CATALOGUE`, which
declares its severity, a Chinese title, message template and description; the message is
filled from keyword arguments, so tools and tests match on the code while people read the
message. ``docs/problem-codes.md`` is generated from the catalogue.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any


class Severity(StrEnum):
    """How bad a problem is: errors make a command refuse (exit 1); warnings are shown and pass."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class ProblemCode:
    """One entry of the catalogue: a stable ``code``, its severity, a one-line ``title``, the message
    ``template`` (``str.format`` fields) and a ``description`` of what it means and what to do, as
    frictionless declares its errors. Users read all three, in Chinese; the reference page
    ``docs/problem-codes.md`` is generated from them."""

    code: str
    severity: Severity
    title: str
    template: str
    description: str

    def format(self, **fields: Any) -> str:
        """The message for ``fields`` (a ``field`` naming a data column is shown by its Chinese label)."""
        if "field" in fields:
            fields["field"] = FIELD_LABELS.get(fields["field"], fields["field"])
        return self.template.format(**fields)


#: Data columns named in messages (``{field}``) → the words users know them by.
FIELD_LABELS = {
    "indicator": "指标",
    "period": "期间",
    "value": "完成值",
    "basis": "口径",
    "reported_by": "报送单位",
    "note": "备注",
    "status": "进展状态",
    "measure": "措施编号",
    "progress": "进展情况",
    "target": "目标值",
    "baseline": "基数",
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "list": "名录",
    "park": "园区",
    "entered": "入库日期",
    "left": "出库日期",
}

E, W = Severity.ERROR, Severity.WARNING

_ENTRIES = (
    # ------------------------------------------------------------------ files and encodings
    ProblemCode(
        "file-missing",
        E,
        "缺少必需的文件",
        "缺少必需的文件：{what}",
        "数据目录里少了方案必需的文件（措施与单位在 measures.yaml，指标与目标值在 targets.yaml）。"
        "请从备份或版本库恢复该文件；新建方案可用 plan init。",
    ),
    ProblemCode(
        "data-dir-missing",
        E,
        "找不到数据目录",
        "这里没有数据目录（存放 measures.yaml 和 targets.yaml 的文件夹）；请用 --data 目录 或环境变量 PLAN_DATA 指定",
        "命令默认读取当前文件夹下的 data 目录。请先进入存放数据的文件夹，或用 --data 给出数据目录的位置。",
    ),
    ProblemCode(
        "file-empty",
        E,
        "文件是空的",
        "文件是空的；请确认保存的是填好的文件",
        "文件没有任何内容，常见于保存时出错或选错了文件。请重新保存或换成正确的文件。",
    ),
    ProblemCode(
        "file-unreadable",
        E,
        "文件无法读取",
        "无法读取这个文件：{reason}",
        "文件存在但读不出来：可能没有读取权限、文件已损坏、设有打开密码，或不是本工具能读的格式"
        "（.xlsx、.xls、.et、.csv、.yaml）。"
        "原因写在消息中；处理后重新运行。",
    ),
    ProblemCode(
        "encoding-unknown",
        E,
        "无法识别文字编码",
        "无法识别文件的文字编码（已尝试 UTF-8、GB18030 和自动识别）；请在 Excel 或 WPS 中另存为 CSV UTF-8 或 CSV 格式",
        "文本文件须是 UTF-8 或 GB18030（GBK）编码。文件若是从其他软件导出的，请用 Excel 或 WPS 打开后另存为 CSV。",
    ),
    ProblemCode(
        "encoding-mixed",
        E,
        "文件中混有两种编码",
        "这一行与前面各行的编码不同（可能是从其他编码的文件粘贴来的行）；请把整个文件另存为 UTF-8 或 GB18030",
        "同一文件里前面是 UTF-8、这一行却不是，多半是从别的文件复制粘贴进来的。整体另存一次即可统一编码。",
    ),
    # hostile or broken files: refused before or instead of reading
    ProblemCode(
        "file-not-regular",
        E,
        "不是普通文件",
        "这不是普通文件（而是{kind}），未读取；数据目录中只能放普通文件",
        "数据目录里出现了设备、管道等特殊文件，为安全起见不读取。请把它移出数据目录。",
    ),
    ProblemCode(
        "symlink-outside",
        E,
        "符号链接指向数据目录之外",
        "这是指向数据目录之外（{target}）的符号链接，未读取；请把文件本身复制进数据目录",
        "数据目录中的链接只能指向目录内的文件，以免读到或改到别处的文件。",
    ),
    ProblemCode(
        "symlink-broken",
        E,
        "符号链接无法打开",
        "这个符号链接无法打开（{reason}），未读取；请换成文件本身",
        "链接的目标不存在或无法访问。请用文件本身替换这个链接。",
    ),
    ProblemCode(
        "file-too-large",
        E,
        "文件过大",
        "文件大小 {size}，超过{kind}的上限 {limit}，未读取；请确认没有选错文件",
        "每类文件都有大小上限，远超常规大小的文件多半是选错了文件或文件已损坏。",
    ),
    ProblemCode(
        "folder-unreadable",
        E,
        "文件夹无法读取",
        "无法读取这个文件夹（{reason}），其中的文件都未检查；请检查文件夹的读取权限",
        "数据目录中的文件夹读不出来，其中的文件因此没有检查。请检查权限后重新运行。",
    ),
    ProblemCode(
        "file-name-undecodable",
        E,
        "文件名无法识别",
        "文件名不是有效的 UTF-8 编码（无法识别的字节以 \\x.. 显示），未读取；请用正常的中文或英文文件名重新命名",
        "常见于在其他系统上打包的压缩文件解压后。把文件重新命名即可。",
    ),
    ProblemCode(
        "write-failed",
        E,
        "无法写入",
        "无法写入（{reason}），数据未改动；请检查数据目录的写入权限和磁盘空间",
        "写入在开始前或进行中失败，已写的部分已撤回，数据保持原样。",
    ),
    ProblemCode(
        "lock-path-bad",
        E,
        "锁文件位置异常",
        "锁文件的位置是一个{kind}，不是普通文件；为安全起见未写入任何文件。请删除它后重试",
        "导入和录入时会在数据目录中建一个锁文件，防止两人同时写入。那个位置被文件夹或链接占用时不写入。",
    ),
    ProblemCode(
        "journal-refused",
        E,
        "写入日志无效",
        "写入日志无效（{reason}），其中的改名一项也未执行，数据未改动；它不是本工具中断的写入留下的"
        "（可能随提交或拷贝带入）：核对后删除这个文件再重试",
        "写入日志用于在写入中断后补完那次写入。日志内容不可信时一项也不执行。",
    ),
    ProblemCode(
        "journal-pending",
        E,
        "上次写入被中断",
        "上次写入（plan import 或 plan record）在途中被中断，数据可能新旧混杂；再运行一次 plan import 或 "
        "plan record 会先完成那次写入。若这个文件是随提交或拷贝带来的，请删除它",
        "写入被中断（断电、强行关闭）后，数据目录中会留下写入日志，下一次导入或录入会先把那次写入补完。",
    ),
    ProblemCode(
        "archive-refused",
        E,
        "压缩结构异常，未读取",
        "{reason}，未读取；请在 Excel、WPS 或 Word 中打开后另存一份再试",
        ".xlsx 和 .docx 文件实际上是压缩包。包内的文件过多、过大或结构异常时不解压，以免耗尽内存或磁盘。"
        "用 Excel、WPS 或 Word 另存一次通常就能修复。",
    ),
    ProblemCode(
        "sheet-unreadable",
        E,
        "工作表无法读取",
        "工作表“{sheet}”第 {row} 行附近无法读取（{reason}）；请在 Excel 或 WPS 中打开并另存为 .xlsx 后再报送",
        "工作表中有无法解析的内容，多半是由其他程序生成或已损坏。另存一次通常就能修复。",
    ),
    ProblemCode(
        "sheet-too-large",
        E,
        "工作表过大",
        "工作表“{sheet}”超出报送表的上限（{what}）：报送表最多 {rows} 行、{columns} 列；请只保留要报送的表格",
        "报送表只需包含要报送的指标和措施。行数或列数远超常规的工作表多半是选错了文件，或带了整张台账。",
    ),
    # ------------------------------------------------------------------ YAML
    ProblemCode(
        "yaml-too-deep",
        E,
        "嵌套层数过多",
        "列表或映射嵌套超过 {limit} 层，未读取更深的内容；计划数据用不到这么深的结构，请检查文件",
        "方案文件的结构只有几层。嵌套极深的文件多半不是本工具的数据文件，为防止耗尽内存不再往下读。",
    ),
    ProblemCode(
        "yaml-syntax",
        E,
        "YAML 格式错误",
        "YAML 格式错误：{reason}",
        "方案文件（.yaml）的写法不对，常见的是缩进不齐、冒号后缺空格或引号不配对。请按消息所指的行修改。",
    ),
    ProblemCode(
        "yaml-duplicate-key",
        E,
        "同一个键写了两次",
        "键“{key}”重复出现（第一次在第 {first_line} 行）；请删除或合并其中一处",
        "同一层里一个键只能出现一次，否则后写的会悄悄覆盖先写的。",
    ),
    ProblemCode(
        "yaml-structure",
        E,
        "文件结构不对",
        "{reason}",
        "文件的层次结构与要求不符（例如该写列表的地方写了单个值）。请对照数据文件格式说明修改。",
    ),
    ProblemCode(
        "yaml-field",
        E,
        "字段的值不对",
        "{field}：{reason}",
        "某个字段缺失、多余或取值不合要求。消息给出字段的位置（如 indicators.3.unit）和原因。",
    ),
    # ------------------------------------------------------------------ plan structure
    ProblemCode(
        "unknown-unit",
        E,
        "没有这个单位",
        "没有“{name}”这个单位{hint}",
        "单位须是 measures.yaml 中登记的单位，可写全称或登记的简称。请核对名称，或先在 measures.yaml 中登记该单位。",
    ),
    ProblemCode(
        "unknown-indicator",
        E,
        "没有这个指标",
        "没有“{name}”这个指标{hint}",
        "指标可写编号（如 tech_smes）或指标名称（全角、半角括号和引号都可以）。请核对名称。",
    ),
    ProblemCode(
        "unknown-measure",
        E,
        "没有这个措施",
        "没有编号为 {number} 的措施",
        "措施编号须是方案中的工作措施编号（见 plan measures）。",
    ),
    ProblemCode(
        "unknown-section",
        E,
        "没有这个板块",
        "没有编号为 {number} 的板块",
        "措施所属的板块编号须是 measures.yaml 中 sections 列出的编号。",
    ),
    ProblemCode(
        "duplicate-id",
        E,
        "编号或名称重复",
        "{what}“{id}”重复（第一次在第 {first_line} 行）",
        "单位名称、指标编号和名称、板块和措施编号都必须唯一，否则无法确定指的是哪一个。",
    ),
    ProblemCode(
        "target-year-outside-plan",
        E,
        "目标年份不在方案期内",
        "目标年份 {year} 不在方案期 {start}—{end} 年内",
        "目标值只能设在方案的起止年份之内。",
    ),
    ProblemCode(
        "revision-out-of-order",
        E,
        "目标调整的日期顺序不对",
        "{indicator} {year} 年第 {n} 次调整：{what} {date} {relation}上一次调整的（{previous}）",
        "同一目标的各次调整按先后排列，每次的生效日期须晚于上一次，印发日期不早于上一次。",
    ),
    ProblemCode(
        "revision-outside-plan",
        E,
        "目标调整的日期不在方案期内",
        "{indicator} {year} 年第 {n} 次调整：{what} {date} 不在 {start} 至 {end} 之间",
        "目标调整须在方案印发后、方案期结束前发文，生效日期不晚于该目标所在年度。",
    ),
    ProblemCode(
        "group-member-unknown",
        E,
        "单位组中有不存在的单位",
        "单位组“{group}”列出了不存在的单位“{name}”",
        "单位组（如“各园区运营中心”）的成员须是 measures.yaml 中登记的单位。",
    ),
    # readings (解读): the data says what is the document's and what is ours
    ProblemCode(
        "qualifier-not-in-source",
        E,
        "限定词不在原文中",
        "{indicator} {year}年目标的限定词“{word}”不在其依据（source）所引的原文中；限定词只能取文件原文的用词",
        "目标的限定词（如“以上”“左右”）决定怎样才算完成，只能照录方案原文，不能自行添加。",
    ),
    ProblemCode(
        "qualifier-disagrees",
        E,
        "限定词与设置不一致",
        "{indicator}：限定词“{word}”要求 {field} 为 {needed}，这里是 {found}；请改其一",
        "限定词（如“以上”“以内”）与指标的方向或容差设置相互矛盾，二者须一致。",
    ),
    ProblemCode(
        "indicator-leads-mismatch",
        W,
        "指标与措施的牵头单位不一致",
        "{indicator} 的牵头单位 {found} 不是所属措施的牵头单位（{expected}）；请改 lead_units，或改 measures",
        "指标的牵头单位应取自其所属措施的牵头单位，否则报送和催报会找错单位。",
    ),
    ProblemCode(
        "reporter-required",
        W,
        "须写明报送单位",
        "{indicator} 有多个牵头单位（{units}）：请用 reported_by 写明由哪个单位报送数据，"
        "并在 readings.reported_by 中说明",
        "一项指标有几个牵头单位时，要指定由谁报送数据；这是本工具的解读，须写明理由。",
    ),
    ProblemCode(
        "reading-missing",
        W,
        "解读没有写明",
        "{indicator}：{what}是本工具的解读，文件没有写明；请在 readings.{topic} 中用中文写明解读",
        "凡是方案文件没有写明、由数据补充的内容（如没有写年份的目标、“左右”的容差），都是解读，须在数据中写明，"
        "并在显示该数字的地方标出。",
    ),
    ProblemCode(
        "reading-empty",
        E,
        "解读是空的",
        "{indicator}：解读（reading）是空的；请写明解读的内容，或删除这一项",
        "解读一项写了标题却没有内容。",
    ),
    ProblemCode(
        "conversion-not-in-source",
        E,
        "转化口径不在原文中",
        "conversion：“{word}”不在其依据（source）所引的原文中；请引用文件原文",
        "后备库转化的统计口径须照录方案原文。",
    ),
    ProblemCode(
        "quote-not-in-measure",
        E,
        "摘录不在措施原文中",
        "not_tracked：“{quote}”不在措施{number}的原文中；请照抄措施原文",
        "不跟踪的事项须照抄措施原文，以便核对。",
    ),
    ProblemCode(
        "plan-incomplete",
        W,
        "方案尚未填写完整",
        "方案尚未填写完整：{what}",
        "新建的方案数据目录还缺少内容（如措施、单位或目标值）。补齐后这条提示就会消失。",
    ),
    # ------------------------------------------------------------------ CSV tables
    ProblemCode(
        "csv-missing-column",
        E,
        "缺少必需的列",
        "缺少必需的列“{column}”",
        "表格第一行（表头）须包含所有必需的列名。请对照数据文件格式说明补上这一列。",
    ),
    ProblemCode(
        "csv-unknown-column",
        E,
        "不认识的列",
        "不认识的列“{column}”（可用的列：{allowed}）",
        "表头中有本工具不认识的列名，多半是拼写不同。请改成可用的列名之一，或删除这一列。",
    ),
    ProblemCode(
        "csv-duplicate-column",
        E,
        "同一列出现两次",
        "列“{column}”出现了两次",
        "表头中同一个列名出现两次，无法确定以哪一列为准。请删除或改名其中一列。",
    ),
    ProblemCode(
        "csv-row-shape",
        E,
        "这一行的格数与表头不符",
        "这一行有 {found} 格，表头有 {expected} 列；请检查是否多了或少了逗号",
        "数据行的格数必须与表头相同。常见原因是数值中带了未加引号的逗号（如 17,000）。",
    ),
    ProblemCode(
        "csv-syntax",
        E,
        "CSV 格式错误",
        "CSV 格式错误：{reason}",
        "文件不是规范的 CSV，常见的是引号没有配对。请用 Excel 或 WPS 打开后重新另存为 CSV。",
    ),
    ProblemCode(
        "csv-delimiter",
        E,
        "各列不是用逗号分隔的",
        "各列之间用的是{separator}而不是逗号；请另存为“CSV（逗号分隔）”",
        "某些系统设置下 Excel 会用分号或制表符分隔各列。另存时请选“CSV（逗号分隔）”。",
    ),
    ProblemCode(
        "missing-value",
        E,
        "必填项为空",
        "{field}为空；请填写",
        "这一行缺少必填的内容。",
    ),
    # ------------------------------------------------------------------ values
    ProblemCode(
        "bad-period",
        E,
        "期间无法识别",
        "期间“{text}”无法识别；可写 2024-Q3、2024年第三季度、2024-09、2024年9月、2024 等",
        "期间可写年度、季度或月份，如 2024、2024年、2024-Q3、2024年第三季度、2024-09、2024年9月。",
    ),
    ProblemCode(
        "period-outside-plan",
        E,
        "期间不在方案期内",
        "期间 {period} 不在 {start}—{end} 年内（方案期之前的年份只能作为基数）",
        "完成值只能报送方案期内的期间；方案期前一年的数值可作为基数。",
    ),
    ProblemCode(
        "bad-number",
        E,
        "不是数字",
        "{field}“{text}”不是数字；请填写阿拉伯数字，如 17000",
        "数值只能填阿拉伯数字，可带千分位逗号（17,000）或百分号（95%），不能写“约”“左右”等文字。",
    ),
    ProblemCode(
        "negative-value",
        E,
        "数值为负",
        "{field} {value} 是负数；数量不能为负",
        "指标数值不能小于零。请核对是否多写了负号。",
    ),
    ProblemCode(
        "percent-over-100",
        E,
        "百分比超过 100%",
        "{field} {value}% 超过了 100%",
        "覆盖率等百分比指标不会超过 100%。请核对数值。",
    ),
    ProblemCode(
        "percent-sign-not-percent",
        E,
        "不该带百分号",
        "{field}“{text}”带有百分号，但 {indicator} 的单位是“{unit}”；请去掉百分号",
        "只有以 % 计的指标才能写百分号。",
    ),
    ProblemCode(
        "fraction-not-integer",
        E,
        "应为整数",
        "{field} {value} 不是整数；{indicator} 以“{unit}”计，须为整数",
        "企业家数、事项数等按个数计的指标只能是整数。",
    ),
    ProblemCode(
        "number-too-large",
        E,
        "数值大得不合常理",
        "{field}“{text}”超出可能的范围（绝对值应小于 1 万亿，即 10^12）；请检查是否多打了数字",
        "指标数值不会达到万亿量级，多半是多打了几位数字或粘贴错了单元格。",
    ),
    ProblemCode(
        "tolerance-too-large",
        E,
        "容差不小于目标值",
        "{indicator} 的容差（tolerance）{tolerance} 不小于 {year} 年的目标 {target}：那样不论完成多少都算达标；"
        "容差应小于目标值",
        "容差用于“左右”一类的目标（如“1 个工作日左右”），表示允许的偏差，必须小于目标值本身。",
    ),
    ProblemCode(
        "bad-basis",
        E,
        "口径无法识别",
        "口径“{text}”无法识别；请写 increment（本期新增）或 ytd（年内累计）",
        "新增类指标的数值可以是本期新增数，也可以是年初至今的累计数，用“口径”一列说明。",
    ),
    ProblemCode(
        "basis-not-flow",
        E,
        "这个指标不分口径",
        "口径 {basis} 只用于新增类指标；{indicator} 是{kind}指标",
        "只有“年新增”一类的指标才区分本期新增和年内累计；总量类、累计类指标请不要填口径。",
    ),
    ProblemCode(
        "overlapping-periods",
        E,
        "期间重叠",
        "{indicator} {period} 与 {other_period} 重叠（见 {other}），会被重复计算；请只保留其中一种期间的数值",
        "同一指标的两行数值覆盖了同一段时间（如既有季度数又有其中某月的数），会被重复计算。请只保留一种。",
    ),
    ProblemCode(
        "bad-status",
        E,
        "进展状态无法识别",
        "进展状态“{text}”无法识别；请填写以下之一：{allowed}",
        "措施的进展状态只能是规定的几种之一。",
    ),
    ProblemCode(
        "bad-date",
        E,
        "日期无法识别",
        "日期“{text}”无法识别；请写成 2024-03-01 这样的形式",
        "日期请写成 年-月-日，如 2024-03-01。",
    ),
    # ------------------------------------------------------------------ submissions (plan import / plan record)
    ProblemCode(
        "no-table",
        E,
        "没有找到报送表",
        "没有找到表格：需要一行表头，含“指标”和“数值”（报送完成值），或“措施编号”和“进展状态”（报送推进情况）",
        "导入时在表格前几行寻找表头。请使用 plan template 生成的报送模板，或在自己的表格中写出这些列名。",
    ),
    ProblemCode(
        "indicator-mismatch",
        E,
        "指标编号与名称不一致",
        "指标编号“{id}”与指标名称“{name}”不是同一项指标；请核对后改正其中一项",
        "一行里同时写了指标编号和指标名称，但二者指向不同的指标，无法确定报送的是哪一项。",
    ),
    ProblemCode(
        "unit-mismatch",
        E,
        "计量单位不符",
        "单位“{text}”与指标 {indicator} 的计量单位“{unit}”不符",
        "报送表中写的计量单位与该指标的不同（如把“家”写成“个”），数值可能不是同一口径。",
    ),
    ProblemCode(
        "period-mismatch",
        E,
        "期间与 --period 不一致",
        "期间 {found} 与 --period {expected} 不一致",
        "导入时用 --period 指定了期间，但表中这一行写的是另一个期间。请核对是哪一个错了。",
    ),
    ProblemCode(
        "formula-without-value",
        E,
        "公式没有计算结果",
        "公式 {formula} 没有计算结果；请在 Excel 或 WPS 中打开并保存文件，或直接填写数字",
        "单元格里是公式，但文件中没有保存公式的计算结果（常见于由其他程序生成的文件）。",
    ),
    ProblemCode(
        "formula-result-empty",
        W,
        "公式的计算结果为空",
        "这个单元格是公式，文件中保存的计算结果为空，已按空白处理；如果这里应有数值，可能是公式的结果没有保存："
        "请在 Excel 或 WPS 中打开并保存文件后重新导入，或直接填写数字",
        "旧版 .xls 文件（及 WPS 的 .et 文件）只保存公式的计算结果，本工具不会重新计算公式。由其他程序生成、"
        "从未在 Excel 或 WPS 中保存过的文件，公式结果可能是空的。确实应为空白时可以忽略这条提示。",
    ),
    ProblemCode(
        "duplicate-row",
        E,
        "同一项报了两次",
        "{what} 填写了两次且内容不同（第一次在 {first}）",
        "同一指标同一期间（或同一措施同一期间）在报送中出现两次且数值不同，无法确定以哪一次为准。",
    ),
    ProblemCode(
        "value-changed",
        E,
        "会改动已记录的数值",
        "{what}：{old} → {new} 会改变 {at} 处已记录的数值；确需修改请加 --replace",
        "已记录的数值不会被悄悄覆盖。确需修改时加 --replace，原值会记入备注。",
    ),
    # ------------------------------------------------------------------ warnings about figures
    ProblemCode(
        "flow-missing-period",
        W,
        "新增数缺报",
        "{indicator} {period}：本年第 {first}—{last} 月没有报送新增数",
        "新增类指标按期累加，中间缺了某些月份（或季度）的新增数，年内累计就会偏低。",
    ),
    ProblemCode(
        "percent-looks-like-fraction",
        W,
        "百分比像是写成了小数",
        "{indicator} {period}：{value}% 像是小数写法；如果 {value} 表示 {percent}%，请写 {percent}%",
        "百分比指标填了 0 到 1 之间的数，可能是把 88% 写成了 0.88。确实是不到 1% 的数值时可以忽略这条提示。",
    ),
    # ------------------------------------------------------------------ enterprise registers (data/registers/*.csv)
    ProblemCode(
        "uscc-check",
        W,
        "统一社会信用代码校验位不符",
        "{code}：{reason}（统一社会信用代码校验位不符）",
        "代码格式正确，但最后一位校验位与前 17 位算出的不一致，多半是抄错了某一位。请与营业执照核对。",
    ),
    ProblemCode(
        "uscc-malformed",
        E,
        "不是统一社会信用代码",
        "“{code}”不是统一社会信用代码：{reason}",
        "统一社会信用代码为 18 位：前 8 位是数字，后 10 位是数字或大写字母（不含 I、O、S、V、Z）。",
    ),
    ProblemCode(
        "register-unknown-list",
        E,
        "没有这个名录",
        "没有“{name}”这个名录{hint}；名录须是按“家”计数的指标",
        "名录一列写企业所在的名录，须是按“家”计数的指标的编号或名称，如 high_tech_enterprises。",
    ),
    ProblemCode(
        "register-unknown-park",
        E,
        "没有这个园区",
        "没有“{name}”这个园区{hint}；请填写以下之一：{allowed}",
        "园区一列须是登记的园区运营中心，可写全称或简称。",
    ),
    ProblemCode(
        "register-left-before-entered",
        E,
        "出库早于入库",
        "出库日期 {left} 早于入库日期 {entered}",
        "企业的出库（或到期）日期不能早于入库日期。请核对日期。",
    ),
    ProblemCode(
        "register-overlap",
        E,
        "同一企业重复入库",
        "{uscc} 已在名录 {list} 中（{other_entered} 入库，{other_end}；见 {other}）；{entered} 再次入库会被重复计算",
        "同一企业在同一名录中的两段在库时间重叠，会被算两次。请合并两行，或给前一行填上出库日期。",
    ),
    ProblemCode(
        "register-two-names",
        W,
        "同一代码有两个企业名称",
        "{uscc} 在这里名为“{name}”，但在 {other} 名为“{other_name}”",
        "同一统一社会信用代码写了不同的企业名称，可能是企业更名，也可能是代码抄错。请核对。",
    ),
    ProblemCode(
        "register-mismatch",
        W,
        "报送数与名录统计不符",
        "{indicator} {period}：报送 {reported}，但名录统计为 {counted}（{registers}）",
        "牵头单位报送的数值与企业名录中统计出的家数不同。请与报送单位核对以哪个为准。",
    ),
)

#: The catalogue: every problem code, in the order of the reference page. Codes never change meaning;
#: new ones may be added (then ``docs/problem-codes.md`` is regenerated: ``python scripts/docs.py``).
CATALOGUE: dict[str, ProblemCode] = {entry.code: entry for entry in _ENTRIES}
#: The same catalogue under its older name (``CODES[code].format(**fields)`` gives the message).
CODES = CATALOGUE


#: What precedes the code of a warning when a problem is printed.
WARNING_LABEL = "警告："

#: Marks a file path inside a message (see :func:`ref`), so that it is shown like the problem's own path.
_REF = "\x1d"


def ref(path: str | Path, line: int | None = None) -> str:
    """A reference to another place (``first at …``) for a message field: shown, like the problem's own
    path, relative to the working directory only when printed."""
    return f"{_REF}{path}{_REF}" + (f":{line}" if line is not None else "")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the input, located at ``path:line``.

    ``file`` is where, relative to ``root`` (the data directory as the user named it) when ``root`` is
    set, else as given; :attr:`path` is that place as the user should see it, computed when printed (so
    loaded and cached problems do not depend on the working directory). ``text`` is the message, with
    references to other files marked by :func:`ref`; :attr:`message` shows them like :attr:`path`.
    ``line`` is 1-based and ``None`` when the problem concerns a whole file. ``location`` optionally
    refines the place (a sheet cell like ``Sheet1!C7``) and replaces the line in the rendered form.
    """

    file: str
    line: int | None
    code: str
    text: str
    severity: Severity = Severity.ERROR
    location: str | None = field(default=None)
    root: str = ""

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    @property
    def path(self) -> str:
        """Where, as shown: relative to the working directory when below it."""
        return self._shown(self.file)

    @property
    def message(self) -> str:
        """The message, with the files it mentions shown like :attr:`path`."""
        if _REF not in self.text:
            return self.text
        parts = self.text.split(_REF)
        return "".join(self._shown(part) if i % 2 else part for i, part in enumerate(parts))

    def plain_message(self, names: Mapping[str, str] | None = None) -> str:
        """The message without places, for readers who never see the data files (a report's readers):
        references to other files left out with the brackets they leave empty (``（见 …:23）``), and each
        identifier in ``names`` (an indicator's id) replaced by what readers call it (its name)."""
        text = re.sub(f"{_REF}[^{_REF}]*{_REF}(?::\\d+)?", "", self.text)
        text = re.sub(r"（(?:见)?\s*）", "", text)
        for ident in sorted(names or {}, key=len, reverse=True):
            text = re.sub(rf"(?<![A-Za-z0-9_-]){re.escape(ident)}(?![A-Za-z0-9_-])", (names or {})[ident], text)
        return re.sub(r" {2,}", " ", text).strip()

    def _shown(self, file: str) -> str:
        return display_path(os.path.join(self.root, file) if self.root else file)

    def under(self, root: str | Path) -> Problem:
        """This problem placed in the data directory ``root``: its file, and the files its message mentions,
        relative to ``root`` (those below it; ``root`` as the user named it, e.g. ``data``)."""
        base = str(root)

        def inside(file: str) -> str:
            try:
                return Path(file).relative_to(base).as_posix()
            except ValueError:
                return file

        text = self.text
        if _REF in text:
            parts = text.split(_REF)
            text = _REF.join(inside(part) if i % 2 else part for i, part in enumerate(parts))
        return replace(self, file=inside(self.file), text=text, root=base)

    def relabel(self, label: Callable[[str], str]) -> Problem:
        """This problem with its file and the files its message mentions renamed by ``label`` (from the
        data directory's relative paths), e.g. ``HEAD:data/targets.yaml`` for a file at a git revision."""
        parts = self.text.split(_REF)
        text = "".join(label(part) if i % 2 else part for i, part in enumerate(parts))
        return replace(self, file=label(self.file), text=text, root="")

    @property
    def where(self) -> str:
        """``path:line`` (or ``path:location``, or just ``path``) for messages."""
        if self.location:
            return f"{self.path}:{self.location}"
        if self.line is not None:
            return f"{self.path}:{self.line}"
        return self.path

    def format(self, with_code: bool = True) -> str:
        """Render as ``path:line: code: message`` (``警告：`` is prefixed for warnings)."""
        level = WARNING_LABEL if self.severity is Severity.WARNING else ""
        code = f"{self.code}: " if with_code else ""
        return f"{self.where}: {level}{code}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "location": self.location,
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
        }


def problem(
    path: str | Path,
    line: int | None,
    code: str,
    severity: Severity | None = None,
    location: str | None = None,
    **fields: Any,
) -> Problem:
    """Build a :class:`Problem` from a code in :data:`CATALOGUE` and the template's fields (files they name
    are marked with :func:`ref`). The severity is the catalogue's; a caller may restate it, not change it."""
    entry = CATALOGUE[code]
    if severity is not None and severity is not entry.severity:
        raise ValueError(f"{code} is a {entry.severity} in the catalogue, not a {severity}")
    return Problem(
        file=str(path),
        line=line,
        code=code,
        text=entry.format(**fields),
        severity=entry.severity,
        location=location,
    )


def display_path(path: str | Path) -> str:
    """A path as users should see it: relative to the working directory when below it."""
    import os

    p = Path(path)
    try:
        # absolute but not resolved: a symbolic link is shown by its own name, not its target's
        shown = str(Path(os.path.abspath(p)).relative_to(Path.cwd()))
    except ValueError:
        try:
            shown = str(p.resolve().relative_to(Path.cwd().resolve()))
        except (ValueError, OSError, RuntimeError):
            shown = str(p)
    # a file name that is not valid UTF-8 (a zip made on Windows): its bytes escaped, so it can be printed
    return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.is_error]


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in a stable order: by file, then line, then code."""
    return sorted(problems, key=lambda p: (p.root, p.file, p.line or 0, p.location or "", p.code, p.text))


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    """A ``"（是不是“…”？）"`` hint for a misspelt name, or an empty string."""
    from zzgx_plan.core.names import suggestion

    close = suggestion(name, candidates)
    return f"（是不是“{close}”？）" if close else ""
