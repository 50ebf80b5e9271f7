"""HOT-10: the reply checker is a pure function over the six elements and the phrase data."""
import pytest

from app.hotline.services.checker import by_field, check_reply, default_rules

GOOD = dict(contact_time="2026年11月23日10时15分", staff="客运管理处 李明", contact_method="电话",
            process="经调取车辆GPS轨迹核实，司机确有绕路行为，已约谈司机并对其所在公司下达整改通知。",
            result="对司机处以罚款200元，退还多收车费35元，已于11月24日转账至诉求人。",
            feedback="诉求人表示满意。")


def _fields(**over):
    values = dict(GOOD)
    values.update(over)
    return by_field(check_reply(values))


def test_a_complete_reply_passes():
    assert check_reply(GOOD) == []


@pytest.mark.parametrize("name", list(GOOD))
def test_each_missing_element_is_reported_next_to_its_field(name):
    assert _fields(**{name: "  "}) == {name: [default_rules()["required"][name]]}


@pytest.mark.parametrize("phrase", ["已解决", "已告知相关政策。", "已解释相关政策", "已联系！"])
def test_bare_phrases_are_rejected(phrase):
    assert "不得仅以" in "".join(_fields(result=phrase)["result"])


def test_a_banned_phrase_inside_a_real_answer_passes():
    assert _fields(result="经现场核查，路灯线路故障已解决，11月24日起恢复照明，诉求人确认。") == {}


@pytest.mark.parametrize("text", ["该问题办理中，请耐心等待。", "已转区交通局处理，请等待通知。"])
def test_process_only_answers_are_rejected(text):
    assert "过程性" in "".join(_fields(result=text)["result"])


def test_template_answers_are_rejected():
    found = _fields(process="已与您取得联系，经核实情况属实，已按规定进行处理并跟进。")
    assert "模板式" in "".join(found["process"])


def test_a_return_reason_as_result_is_rejected():
    assert "不得以退回理由作为办理结果" in _fields(result="经核实，该事项不属于本单位职责。")["result"]
    own = "该路段养护由区市容园林委负责管辖"
    assert by_field(check_reply(dict(GOOD, result=f"经核实，{own}。"), return_reasons=[own]))["result"]


def test_phrases_come_from_data():
    rules = dict(default_rules(), bare_phrases=["已办妥"])
    assert check_reply(dict(GOOD, result="已办妥"), rules)
    assert not any(f.field == "result" and "不得仅以" in f.message
                   for f in check_reply(dict(GOOD, result="已解决"), rules))
