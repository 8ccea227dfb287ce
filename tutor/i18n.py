"""The reader's own words (not the lessons'), in English and Chinese.

English text is the key; a Chinese learner sees the translation. Keys are whole sentences with
`{name}` fields, so translators see the context and word order can change.
"""

from __future__ import annotations

ZH: dict[str, str] = {
    # Lesson page
    "page {page}/{pages}": "第 {page}/{pages} 页",
    "This is the last page of the course. Well done!": "这是课程的最后一页。做得好！",
    "This is the first page.": "这已经是第一页。",
    "This lesson is empty.": "这一课是空的。",
    "This course has only one language.": "这门课只有一种语言。",
    "No lesson with id {lesson!r}; starting where you were.": (
        "没有 id 为 {lesson!r} 的课；从上次的位置继续。"
    ),
    "Link (not opened)": "链接（未打开）",
    "Problems in this lesson": "这一课有问题",
    "Stopped watching {path}: {error}": "已停止监视 {path}：{error}",
    "Screenshots are off on a shared server.": "共享服务器上不能截图。",
    # Lesson list
    "Lessons — ↑/↓ choose, Enter open, Escape close": (
        "课程列表 — ↑/↓ 选择，Enter 打开，Escape 关闭"
    ),
    "pages {seen}/{pages}, quizzes {right}/{quizzes}": "页 {seen}/{pages}，测验 {right}/{quizzes}",
    # Help
    "Keys — Escape closes": "按键 — Escape 关闭",
    "Anywhere": "任何地方",
    "scroll down a screen; at the bottom, the next page": "向下滚动一屏；到底后翻到下一页",
    "scroll up a screen; at the top, the previous page (from its top)": (
        "向上滚动一屏；到顶后回到上一页（从它的开头）"
    ),
    "↑ / ↓, Home / End": "↑ / ↓，Home / End",
    "scroll the page by a line / to its top or end": "页面滚动一行 / 到开头或结尾",
    "next / previous widget on the page": "本页的下一个 / 上一个部件",
    "leave the widget (the page keys work again) / close a dialog": (
        "离开部件（页面按键重新生效）/ 关闭对话框"
    ),
    "lesson list": "课程列表",
    "switch language (中文 / English), same lesson and page": (
        "切换语言（中文 / English），课和页不变"
    ),
    "this help": "本帮助",
    "quit (your progress is saved)": "退出（进度已保存）",
    "Neuron": "神经元",
    "choose an input": "选择一个输入",
    "change it by 0.1 (with Shift: by 1)": "改变 0.1（按住 Shift：改变 1）",
    "random nudge (Method 1)": "随机微调（方法一）",
    "numerical-gradient nudge": "数值梯度微调",
    "gradient nudge (Method 2)": "梯度微调（方法二）",
    "undo / reset": "撤销 / 重置",
    "table of the values instead of the plot": "用数值表代替图",
    "next view: history, the (a, b) plane, the table": "下一种视图：历史、(a, b) 平面、数值表",
    "Curve": "曲线",
    "gradient ascent step / descent step": "梯度上升一步 / 梯度下降一步",
    "double / halve the step": "步长加倍 / 减半",
    "move x": "移动 x",
    "Quiz": "测验",
    "1 - 9, ↑ / ↓": "1 - 9，↑ / ↓",
    "pick a choice": "选择一项",
    "tick or untick the choice at ▶ (when several are right)": "勾选或取消 ▶ 所指的选项（多选题）",
    "a number or an expression like 5.06*6.05 (? for a hint, Space types)": (
        "数字或表达式，如 5.06*6.05（? 查看提示，空格照常输入）"
    ),
    "PgDn / PgUp": "PgDn / PgUp",
    "in an answer box: next / previous page as usual": "在答题框中：照常翻到下一页 / 上一页",
    "again": "再答",
    "a wrong answer after a right one is shown, the right one still counts": (
        "答对后再答错会显示出来，但之前答对的仍然算数"
    ),
    "submit": "提交",
    "hint": "提示",
    "typing": "输入",
    "Code cell": "代码单元",
    "run it": "运行",
    "edit it (on your own machine; Enter is a new line there)": (
        "编辑（仅限本机；编辑时 Enter 换行）"
    ),
    "Ctrl+R / Escape": "Ctrl+R / Escape",
    "while editing: run / stop editing": "编辑时：运行 / 结束编辑",
    "bring back the lesson's original code": "恢复课程原来的代码",
    # Quiz
    "Type a number or an expression, Enter to answer, ? for a hint.": (
        "输入一个数或表达式，按 Enter 提交，按 ? 看提示。"
    ),
    "e.g. 5.06*6.05": "例如 5.06*6.05",
    "Pick one, then Enter.": "选一项，然后按 Enter。",
    "Select all that apply, then Enter.": "选出所有正确的项，然后按 Enter。",
    "Keys: 1-{last} or ↑/↓, h for a hint.": "按键：1-{last} 或 ↑/↓，h 看提示。",
    "Keys: 1-{last}, or ↑/↓ and x, h for a hint.": "按键：1-{last}，或 ↑/↓ 加 x，h 看提示。",
    "**Hint:** {hint}": "**提示：** {hint}",
    "This quiz has no hint.": "这道题没有提示。",
    "✓ Right: {number}) is the answer.": "✓ 对：{number}) 是正确答案。",
    "✗ Not {number}). Pick another one and press Enter.": "✗ 不是 {number})。换一项，再按 Enter。",
    "✓ Right: all {count} right answers picked.": "✓ 对：{count} 个正确选项都选中了。",
    "✗ Not yet: {wrong} wrong, {missing} missing. Change your picks and press Enter.": (
        "✗ 还不对：选错 {wrong} 个，漏选 {missing} 个。改一改，再按 Enter。"
    ),
    "Pick a choice first: press its number.": "先选一项：按它前面的数字键。",
    "Type a number first.": "请先输入一个数。",
    "Not a number: {text} ({error})": "这不是一个数：{text}（{error}）",
    "{text} = {value}": "{text} = {value}",
    "✓ Right: {answer}": "✓ 对：{answer}",
    "✗ {answer} is not it. Try again.": "✗ {answer} 不对。再试一次。",
    "Your earlier right answer still counts.": "你之前答对的仍然算数。",
    "Not saved: {error}": "未保存：{error}",
    "✓ Answered before. You may answer again.": "✓ 以前答对过。也可以再答一次。",
    # Code cell
    "■ Stopped after {seconds:g} s": "■ 运行超过 {seconds:g} 秒，已停止",
    "✗ Killed by signal {signal}": "✗ 被信号 {signal} 终止",
    "✓ Exit 0": "✓ 退出码 0",
    "✗ Exit {code}": "✗ 退出码 {code}",
    "Enter: run · e: edit": "Enter：运行 · e：编辑",
    "Enter: run": "Enter：运行",
    "Enter: run · e: edit · o: original code": "Enter：运行 · e：编辑 · o：恢复原代码",
    "The original code is back.": "已恢复原来的代码。",
    "Still running: wait for it to finish.": "还在运行：请等它结束。",
    "Running… (stops after {seconds:g} s)": "运行中…（{seconds:g} 秒后停止）",
    "Could not run Python: {error}": "无法运行 Python：{error}",
    "… output cut at {kb} KB": "… 输出超过 {kb} KB，后面的已截断",
    "(no output)": "（没有输出）",
    "This code cannot be edited here (served). Enter: run": (
        "这里（共享服务器）不能编辑代码。Enter：运行"
    ),
    "Editing · ctrl+r: run · Escape: stop editing": "编辑中 · ctrl+r：运行 · Escape：结束编辑",
    # Neuron
    "press g for a gradient step": "按 g 沿梯度走一步",
    "neuron": "神经元",
    "neuron (focused)": "神经元（已选中）",
    "output = ": "输出 = ",
    "step {step}": "步长 {step}",
    "sequential update": "依次更新",
    "seed {seed}": "种子 {seed}",
    "random nudge": "随机微调",
    "numerical gradient": "数值梯度",
    "gradient": "梯度",
    "none": "无",
    "{label}: output {before} → {after} ({delta})": "{label}：输出 {before} → {after}（{delta}）",
    "{label}: {error} — nothing changed": "{label}：{error}，没有改变",
    "{action} is not offered here (offered: {offered})": "这里不提供{action}（可用：{offered}）",
    "nothing to undo": "没有可以撤销的",
    "undo": "撤销",
    "reset": "重置",
    "restored: {count} nudges so far": "已恢复：到目前共微调 {count} 次",
    "output f after each nudge": "每次微调后的输出 f",
    "inputs": "输入",
    "input": "输入",
    "output f": "输出 f",
    "{others} held": "{others} 固定",
    "{x} →, {y} ↑: level curves of f, ● now, {arrow} gradient": (
        "{x} →，{y} ↑：f 的等高线，● 当前，{arrow} 梯度"
    ),
    "{x} →, {y} ↑: level curves of f, ● now": "{x} →，{y} ↑：f 的等高线，● 当前",
    "view: output and inputs by nudge (v: next view)": (
        "视图：每次微调的输出和输入（v：下一个视图）"
    ),
    "view: plane, level curves of f (v: next view)": ("视图：平面和 f 的等高线（v：下一个视图）"),
    "view: table of values (v: next view, p: the plot)": ("视图：数值表（v：下一个视图，p：图）"),
    # Curve
    "g: a gradient ascent step": "g：梯度上升一步",
    "curve: y = {f}": "曲线：y = {f}",
    "(focused)": "（已选中）",
    "ascent": "上升",
    "descent": "下降",
    "move": "移动",
    "y fell by {amount}: the step jumped past the peak — try a smaller step (-)": (
        "y 下降了 {amount}：这一步跨过了山顶，试试更小的步长（-）"
    ),
    "y rose by {amount}: the step jumped past the valley — try a smaller step (-)": (
        "y 上升了 {amount}：这一步跨过了谷底，试试更小的步长（-）"
    ),
    "{label}: y {before} → {after} ({delta})": "{label}：y {before} → {after}（{delta}）",
    "step is now {step}": "步长现在是 {step}",
    "x is at the edge of the range": "x 已到范围边缘",
    "moved to x = {x} ({delta} in y)": "移到 x = {x}（y 变化 {delta}）",
    "undo: back to x = {x}": "撤销：回到 x = {x}",
    "reset: x = {x}": "重置：x = {x}",
    "restored at x = {x}": "已恢复到 x = {x}",
    # Crash
    "backprop-tutor hit an internal error and closed; your progress is saved.": (
        "backprop-tutor 遇到内部错误，已关闭；你的进度已保存。"
    ),
}
"""Chinese for every English sentence of the reader's chrome."""


def tr(lang: str | None, message: str, /, **values: object) -> str:
    """`message` in the learner's language, its `{fields}` filled from `values`."""
    template = ZH.get(message, message) if lang == "zh" else message
    return template.format(**values) if values else template


ZH.update(
    {
        # issue 14 (citizen): chrome words shown in Chinese too
        "✗ Error in this lesson": "✗ 这一课有错误",
        "nudge": "微调",
        "output": "输出",
        "slope f′(x) = {slope}": "斜率 f′(x) = {slope}",
        # footer key descriptions (Binding descriptions, translated by TutorFooter)
        "Next": "下一页",
        "Back": "上一页",
        "Help": "帮助",
        "Lessons": "课程",
        "Quit": "退出",
        "input": "输入",
        "random": "随机",
        "numeric": "数值",
        "view": "视图",
        "table": "表格",
        "step×2": "步长×2",
        "step÷2": "步长÷2",
        "move x": "移动 x",
        "Answer": "提交",
        "Hint": "提示",
        "Run": "运行",
        "Edit": "编辑",
        "Close": "关闭",
        "quiz (focused)": "测验（已选中）",
        "code cell (focused)": "代码单元（已选中）",
        # command palette (tutor.commands)
        "Go to lesson {number}. {title}": "转到第 {number} 课：{title}",
        "Open the lesson at its first page.": "从第一页打开这一课。",
        "Switch language (中文 / English)": "切换语言（中文 / English）",
        "The same lesson and page in the other language.": "同一课、同一页，换成另一种语言。",
        "Toggle table / plot (this neuron)": "切换表格 / 图（这个神经元）",
        "Show the focused neuron's values as a table, or its plot again.": (
            "把选中的神经元的数值显示为表格，或重新显示图。"
        ),
        "command palette: go to a lesson, language, table or plot, theme": (
            "命令面板：转到某一课、切换语言、表格或图、主题"
        ),
    }
)
