"""The word pools the demo data is drawn from, one set per language.

Demo data is data, not interface text: it lives here rather than in the
message catalog. Every pool is realistic for its market: Chinese debtors in
Chinese time zones with Chinese employers, American debtors in US zones.
Each language's demo is one floor of that market (:class:`Floor`): the
English one a US floor (dollars, Reg F, New York), the Chinese one a
Chinese floor (yuan, the cn rules, Shanghai).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Floor:
    """The market a demo floor works in: what `agent-tui demo` sets over config.yaml's own keys."""

    currency: str
    #: The compliance profile (``compliance.profile``).
    profile: str
    #: The floor's own zone, which also books payments on its calendar day.
    time_zone: str
    #: The number debtors call back on.
    company_phone: str
    #: The collection company, where config.yaml names none ("": the catalog's name).
    company: str = ""


FLOORS = {
    "en": Floor("USD", "us-regf", "America/New_York", "(800) 555-0142", "Keystone Recovery Services"),
    "zh-CN": Floor("CNY", "cn", "Asia/Shanghai", "400-800-1234"),
}


def floor_for(language: str) -> Floor:
    """The demo floor of ``language`` (the US one for English)."""
    return FLOORS.get(language, FLOORS["en"])


#: Days past due beyond which a "clean" credit history no longer fits the account: by then the
#: bureau reports this delinquency too.
CLEAN_HISTORY_DAYS = 60


def history_is_clean(steady: bool, days_past_due: int, paid_late: bool) -> bool:
    """Whether a debtor may carry a clean credit history: a steady earner whose account is only
    lately overdue and who paid every earlier instalment on time."""
    return steady and not paid_late and days_past_due <= CLEAN_HISTORY_DAYS


@dataclass(frozen=True)
class Pools:
    """Everything one language's demo is drawn from."""

    surnames: tuple[str, ...]
    given: tuple[str, ...]
    #: (occupation, employer kinds, monthly income range in major units, steady job)
    jobs: tuple[tuple[str, tuple[str, ...], tuple[int, int], bool], ...]
    families: tuple[str, ...]
    histories_clean: tuple[str, ...]
    histories_poor: tuple[str, ...]
    zones: tuple[tuple[str, int], ...]  # (IANA zone, weight)
    creditors: tuple[str, ...]
    products: tuple[str, ...]
    agents: tuple[str, ...]
    lead: str
    notes: dict[str, tuple[str, ...]]  # by outcome
    hardships: tuple[str, ...]
    #: What a careless agent sometimes writes: the note linter must flag these.
    careless: tuple[str, ...]


ZH = Pools(
    surnames=tuple("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"),
    given=(
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
        "超", "秀英", "霞", "平", "刚", "桂英", "建华", "晓东", "志强", "海燕", "俊杰", "雪梅", "文博",
        "子涵", "浩然", "欣怡", "宇航", "佳怡", "晨阳", "思远", "玉兰", "国庆", "春生", "立新",
    ),
    jobs=(
        ("软件工程师", ("科技有限公司", "信息技术有限公司"), (12000, 35000), True),
        ("中学教师", ("第三中学", "实验中学"), (6000, 11000), True),
        ("护士", ("人民医院", "中心医院"), (6000, 10000), True),
        ("公务员", ("区税务局", "街道办事处"), (7000, 13000), True),
        ("销售经理", ("贸易有限公司", "汽车销售服务有限公司"), (8000, 25000), True),
        ("外卖骑手", ("美团配送站", "饿了么站点"), (4000, 9000), False),
        ("网约车司机", ("滴滴出行（自营）",), (5000, 10000), False),
        ("个体经营（餐饮）", ("个体工商户",), (3000, 20000), False),
        ("建筑工人", ("建筑劳务有限公司", "建工集团"), (5000, 9000), False),
        ("自由职业（设计）", ("自由职业",), (2000, 15000), False),
        ("工厂操作工", ("电子有限公司", "纺织有限公司"), (4500, 7000), True),
        ("无固定工作", ("—",), (0, 3000), False),
    ),
    families=(
        "已婚，育有一子，配偶在职", "已婚，两个孩子，配偶全职在家", "未婚，与父母同住", "离异，独自抚养一个女儿",
        "已婚，无子女", "未婚，独居", "已婚，赡养两位老人", "丧偶，子女已成年",
    ),
    histories_clean=(
        "征信良好，此前无逾期记录", "信用卡按时还款五年，本次为首次逾期", "房贷正常还款中，无其他逾期",
    ),
    histories_poor=(
        "近两年有三次信用卡逾期，均在 30 天内结清", "另有一笔网贷逾期 90 天以上", "曾有一次协商还款，已履约",
        "多头借贷，近半年新增四笔消费贷",
    ),
    zones=(("Asia/Shanghai", 1),),
    creditors=("招联消费金融", "马上消费金融", "中银消费金融", "兴业消费金融", "宁波银行信用卡中心"),
    products=("个人消费贷", "信用卡分期", "现金分期", "装修贷"),
    agents=("张晓明", "李静", "王磊"),
    lead="陈丽华",
    notes={
        "no_answer": ("响铃无人接听。", "拨打两次无人接听，稍后再试。"),
        "wrong_number": ("对方称不认识本人，号码有误，已标记。",),
        "third_party": ("家属接听，未透露欠款信息，请其转告回电。", "同事接听，称本人不在，未留具体事由。"),
        "right_party": (
            "本人接听，核实身份后告知欠款，称月底发工资后处理。",
            "本人接听，态度尚可，表示近期收入下降，需要考虑。",
        ),
        "promise_to_pay": ("本人承诺按约定日期还款，已告知还款渠道。", "协商后同意分期，首期按时支付。"),
        "refused": ("本人表示暂时无力还款，拒绝协商，语气激动，已安抚。",),
        "dispute": ("本人对罚息金额有异议，已登记争议，待核实。",),
        "callback": ("本人在开会，约定下午四点回电。",),
        "cease_request": ("本人要求停止电话联系，已登记。",),
    },
    hardships=("失业", "生病住院", "经营亏损", "收入下降", "家庭变故"),
    careless=("告诉他再不还就通知他单位领导。", "跟他说不还钱就等着坐牢吧。", "建议他找亲戚朋友借钱先还上。"),
)

EN = Pools(
    surnames=(
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
        "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson",
        "Martin", "Lee", "Thompson", "White", "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young",
    ),
    given=(
        "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
        "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
        "Carlos", "Maria", "Daniel", "Karen", "Kevin", "Nancy", "Brian", "Lisa", "Anthony", "Angela",
    ),
    jobs=(
        ("Software developer", ("Tech LLC", "Systems Inc."), (5500, 11000), True),
        ("Teacher", ("Public Schools", "Unified School District"), (3800, 6000), True),
        ("Registered nurse", ("Medical Center", "Community Hospital"), (5000, 8000), True),
        ("Retail associate", ("Superstores", "Outlet Mall"), (1900, 2900), True),
        ("Truck driver", ("Freight Lines", "Logistics Co."), (3500, 6000), True),
        ("Rideshare driver", ("self-employed",), (1500, 4000), False),
        ("Restaurant owner", ("self-employed",), (2000, 9000), False),
        ("Construction worker", ("Builders Inc.", "Contracting LLC"), (3000, 5200), False),
        ("Freelance designer", ("self-employed",), (1000, 6000), False),
        ("Warehouse worker", ("Fulfillment Center",), (2600, 3600), True),
        ("Unemployed", ("—",), (0, 1200), False),
    ),
    families=(
        "Married, one child, spouse employed", "Married, two children, spouse at home", "Single, lives with parents",
        "Divorced, raising a daughter alone", "Married, no children", "Single, lives alone",
        "Married, supports two elderly parents", "Widowed, adult children",
    ),
    histories_clean=(
        "Good credit, no late payments before", "Five years of card payments on time; first delinquency",
        "Mortgage current, no other delinquencies",
    ),
    histories_poor=(
        "Three card delinquencies in two years, each cured within 30 days", "Another loan 90+ days past due",
        "One earlier payment arrangement, kept", "Several new personal loans in the last six months",
    ),
    zones=(("America/New_York", 40), ("America/Chicago", 25), ("America/Denver", 10), ("America/Los_Angeles", 25)),
    creditors=("First Harbor Bank", "Maple Consumer Finance", "Summit Credit Union", "Pioneer Card Services"),
    products=("Personal loan", "Credit card plan", "Auto loan", "Home improvement loan"),
    agents=("Alex Morgan", "Jamie Chen", "Sam Rivera"),
    lead="Dana Brooks",
    notes={
        "no_answer": ("Rang out, no answer.", "No answer twice; will retry later."),
        "wrong_number": ("Person does not know the debtor; number marked wrong.",),
        "third_party": (
            "Spouse answered; no debt details given, asked for a call back.",
            "Coworker answered; no message left.",
        ),
        "right_party": (
            "Debtor verified, debt stated; says payday is at month end.",
            "Debtor verified; income dropped, needs time to think.",
        ),
        "promise_to_pay": (
            "Debtor promised to pay on the agreed date; payment options given.",
            "Agreed to an instalment plan; first payment on time.",
        ),
        "refused": ("Debtor says cannot pay now and refused to discuss; upset, calmed down.",),
        "dispute": ("Debtor disputes the late interest; dispute logged for review.",),
        "callback": ("Debtor in a meeting; call back at 4 pm.",),
        "cease_request": ("Debtor asked us to stop calling; request recorded.",),
    },
    hardships=("job loss", "illness", "business loss", "reduced hours", "family emergency"),
    careless=("Told him we will call his employer if he does not pay.", "Said he could go to jail over this.",
              "Suggested she borrow from family to pay us."),
)


#: Area codes in each US zone of the English pool: a number's area code tells the calling rules its zone.
US_AREA_CODES: dict[str, tuple[int, ...]] = {
    "America/New_York": (212, 305, 617),
    "America/Chicago": (312, 713),
    "America/Denver": (303, 801),
    "America/Los_Angeles": (415, 206),
}


def pools_for(language: str) -> Pools:
    """The pools of ``language`` (Chinese for zh-CN, English otherwise)."""
    return ZH if language == "zh-CN" else EN
