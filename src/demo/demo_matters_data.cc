// The demo catalogue: common matters of a district service centre, in plain words.
// Fictional place (明湖区), real-world practice: the materials, fees and laws are what a citizen
// would meet at an ordinary Chinese centre. One raw JSON literal so it reads like the guide it is;
// tests/unit/demo/demo_matters_data_test.cc checks its shape and its plain language.
#include "demo/demo_matters_data.h"

namespace onedoor::demo {

namespace {
const char* const kMattersJson = R"json(
[
{
 "code": "SB-001",
 "name": "社会保障卡申领",
 "name_en": "Apply for a social security card",
 "summary": "第一次办社保卡，来A窗口就行。带上身份证，现场拍照，大多数人当场拿卡。也可以在“明湖政务”App上申请，卡做好后寄到家。",
 "summary_en": "Getting your first social security card: come to window A with your ID card. We take your photo on the spot and most people leave with the card. You can also apply in the Minghu Services app and have it posted home.",
 "who": "在明湖区参加社保的人，或者户口在明湖区的人，还没有社保卡的。",
 "conditions": [
  "以前没有办过社保卡，或者是第一次办第三代社保卡。",
  "16岁以下的孩子由爸爸或妈妈陪着来办。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件，正反面都要清楚。",
   "example": "身份证在有效期内，没有断角、没有划花。",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口办理",
   "alternatives": [
    "临时居民身份证",
    "户口簿（16岁以下的孩子）"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "本人近期证件照",
   "description": "白色背景、不戴帽子的彩色正面照，露出耳朵和眉毛。",
   "example": "电子照片358×441像素，或窗口现场免费拍",
   "original": true,
   "copies": 0,
   "issuer": "A窗口旁边的自助拍照机免费拍；也可用“明湖政务”App上传",
   "alternatives": [
    "三个月内的身份证照片（窗口可调取）"
   ],
   "optional": true
  },
  {
   "id": "m3",
   "name": "监护人身份证和户口簿",
   "description": "16岁以下的孩子办卡时，陪同的家长带本人身份证和全家户口簿。",
   "example": "户口簿上要有孩子那一页",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "出生医学证明（还没上户口的新生儿）"
   ],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国社会保险法》第五十八条"
 ],
 "statutory_days": 20,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "hrss",
 "hall_services": [
  "A"
 ],
 "keywords": [
  "社保卡",
  "办卡",
  "新卡",
  "第一次办",
  "即时制卡",
  "拿卡"
 ]
},
{
 "code": "HJ-001",
 "name": "居住证申领",
 "name_en": "Apply for a residence permit",
 "summary": "户口不在明湖区、在这里住满半年的人，可以办居住证。先在住的地方登记居住，再来C窗口申请。15个工作日内做好，第一次办不收钱。",
 "summary_en": "If your household registration is elsewhere and you have lived in Minghu for six months, you can get a residence permit. Register your address first, then apply at window C. It is ready within 15 working days and the first one is free.",
 "who": "户口不在本市、在明湖区住了半年以上的人。",
 "conditions": [
  "在明湖区已经登记居住满半年。",
  "有下面一种情况：在这里有稳定工作，或有稳定住处，或在这里连续上学。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "临时居民身份证"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "居住证照片回执",
   "description": "照相馆拍好后给的带编号的小纸条，照片是白底彩色正面照。",
   "example": "回执上印着一串数字编号",
   "original": true,
   "copies": 0,
   "issuer": "有公安照片采集资质的照相馆，或C窗口现场拍照",
   "alternatives": [
    "C窗口现场拍照（免费）"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "住处证明",
   "description": "能证明你住在明湖区的材料，下面任选一样就行。",
   "example": "房东签字的租房合同，或你名下的房产证",
   "original": true,
   "copies": 1,
   "issuer": "自己或房东准备；租房合同可在“明湖政务”App备案后打印",
   "alternatives": [
    "不动产权证书",
    "单位开的住宿证明",
    "社区开的居住证明"
   ],
   "optional": false
  },
  {
   "id": "m4",
   "name": "工作或上学证明",
   "description": "证明你在这里工作或上学，任选一样。",
   "example": "劳动合同、单位盖章的在职证明，或学校开的在读证明",
   "original": true,
   "copies": 1,
   "issuer": "你的单位人事部门，或学校教务处",
   "alternatives": [
    "营业执照（个体户）",
    "在明湖区交社保的记录（窗口可查）"
   ],
   "optional": true
  }
 ],
 "fee": "第一次申领免费；丢了补办或损坏换领，每张20元",
 "legal_basis": [
  "《居住证暂行条例》第二条",
  "《居住证暂行条例》第九条"
 ],
 "statutory_days": 15,
 "promised_days": 10,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "psb",
 "hall_services": [
  "C"
 ],
 "keywords": [
  "居住证",
  "暂住证",
  "外地人",
  "租房",
  "积分入学"
 ]
},
{
 "code": "BD-001",
 "name": "不动产转移登记（二手房过户）",
 "name_en": "Transfer of real estate (second-hand home)",
 "summary": "买卖二手房，买家和卖家一起来D窗口办过户。先交税，再登记。材料齐全的，3个工作日拿新证。",
 "summary_en": "When you buy or sell a second-hand home, buyer and seller come together to window D. Pay the taxes first, then register. With all papers in order, the new certificate is ready in 3 working days.",
 "who": "买卖二手房的买方和卖方，双方都要到场或委托别人来。",
 "conditions": [
  "房子没有被法院查封。",
  "房子有抵押的，要先还清贷款、注销抵押，或者银行同意带押过户。",
  "契税、个人所得税等税费已经交了（G窗口就能交）。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "买卖双方的身份证",
   "description": "买方、卖方本人身份证原件；夫妻共有的房子，夫妻两人都要带。",
   "example": "每人一张在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "护照（外国人）",
    "港澳台居民居住证"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "不动产权证书",
   "description": "卖方手里的房产证，红色或绿色封面的本子。",
   "example": "老房子可能是房屋所有权证加土地使用证两本",
   "original": true,
   "copies": 0,
   "issuer": "当初登记时由明湖区不动产登记中心发的",
   "alternatives": [
    "房屋所有权证和国有土地使用证"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "存量房买卖合同",
   "description": "买卖双方签字的网签合同，有合同编号。",
   "example": "中介或双方在住建部门网签系统打印的合同",
   "original": true,
   "copies": 1,
   "issuer": "明湖区住房和城乡建设局网签系统；找了中介的由中介帮忙",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "完税凭证",
   "description": "交完契税和个税后，税务窗口给的电子凭证或纸质凭证。",
   "example": "《税收完税证明》或电子缴款凭证",
   "original": true,
   "copies": 0,
   "issuer": "D窗口旁的G窗口（税务）当场开具",
   "alternatives": [
    "窗口可在系统里直接调取电子凭证"
   ],
   "optional": false
  },
  {
   "id": "m5",
   "name": "婚姻状况证明",
   "description": "结了婚的带结婚证，离了婚的带离婚证和财产分割协议。",
   "example": "结婚证原件",
   "original": true,
   "copies": 1,
   "issuer": "婚姻登记处",
   "alternatives": [
    "未婚的在窗口签一份单身声明"
   ],
   "optional": true
  },
  {
   "id": "m6",
   "name": "授权委托书",
   "description": "本人不能来时，写明委托谁、办什么事，要经过公证。",
   "example": "公证处出的委托公证书",
   "original": true,
   "copies": 1,
   "issuer": "公证处",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "住宅每件80元（含一本证书），每多一本加10元；非住宅每件550元",
 "legal_basis": [
  "《中华人民共和国民法典》第二百零九条",
  "《不动产登记暂行条例》第二十条"
 ],
 "statutory_days": 30,
 "promised_days": 3,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "natres",
 "hall_services": [
  "D",
  "G"
 ],
 "keywords": [
  "过户",
  "二手房",
  "买房",
  "卖房",
  "房产证",
  "更名"
 ]
},
{
 "code": "SB-002",
 "name": "社会保障卡挂失和补换",
 "name_en": "Report a lost social security card and get a new one",
 "summary": "卡丢了，先打12333或在App上挂失，钱就冻住了。然后带身份证来A窗口补卡，大多数人当场拿新卡。卡坏了、芯片读不出，也是一样换。",
 "summary_en": "Lost your card? Call 12333 or use the app to report it lost, which freezes it. Then bring your ID card to window A for a new one, usually ready on the spot. A broken card or a chip that won't read is replaced the same way.",
 "who": "持有明湖区社保卡的人，卡丢了、坏了或信息要更新的。",
 "conditions": [
  "补卡前要先挂失，电话挂失是临时的，5天内要来窗口或在App上正式挂失。",
  "换卡的要把旧卡带来，窗口会剪角作废。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "临时居民身份证",
    "户口簿（16岁以下的孩子）"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "旧社保卡",
   "description": "坏了或要换的那张卡；丢了的不用带。",
   "example": "芯片读不出的第二代社保卡",
   "original": true,
   "copies": 0,
   "issuer": "就是你手里原来那张卡",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m3",
   "name": "代办人身份证和委托书",
   "description": "本人来不了时，代办人带自己的身份证和本人签字的委托书。",
   "example": "委托书写明委托谁补卡，本人签名按手印",
   "original": true,
   "copies": 0,
   "issuer": "委托书样本在A窗口领，也可在“明湖政务”App下载",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国社会保险法》第五十八条"
 ],
 "statutory_days": 20,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "hrss",
 "hall_services": [
  "A"
 ],
 "keywords": [
  "社保卡丢了",
  "补卡",
  "换卡",
  "挂失",
  "卡坏了",
  "芯片坏了",
  "补办"
 ]
},
{
 "code": "SB-003",
 "name": "灵活就业人员参保登记",
 "name_en": "Social insurance registration for the self-employed and gig workers",
 "summary": "没有单位给你交社保，可以自己登记参保，养老和医疗都能交。登记当场办好，之后按月或按年交钱。在“明湖政务”App上也能自己登记。",
 "summary_en": "If no employer pays your social insurance, you can register yourself for pension and medical insurance. Registration is done on the spot; then you pay monthly or yearly. You can also register yourself in the Minghu Services app.",
 "who": "个体户老板（没有雇人）、打零工、做兼职、跑外卖快递等没有单位参保的人。",
 "conditions": [
  "年满16岁，还没到退休年龄。",
  "现在没有在任何单位参加职工社保。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "社会保障卡"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "灵活就业人员参保登记表",
   "description": "一页的表，写姓名、电话、住址和想参加的险种。",
   "example": "勾选“职工养老保险”和“职工医疗保险”",
   "original": true,
   "copies": 0,
   "issuer": "A窗口免费领，也可在“明湖政务”App在线填写",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "银行卡或社保卡",
   "description": "用来按月自动扣社保费的卡，要是本人名下的。",
   "example": "社保卡的银行账户，或本人的借记卡",
   "original": true,
   "copies": 0,
   "issuer": "社保卡合作银行网点，或你自己的开户银行",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m4",
   "name": "营业执照",
   "description": "个体户老板带上自己的营业执照。",
   "example": "个体工商户营业执照正本或副本",
   "original": true,
   "copies": 1,
   "issuer": "明湖区市场监督管理局（E窗口）",
   "alternatives": [
    "电子营业执照"
   ],
   "optional": true
  }
 ],
 "fee": "登记免费；社保费按自己选的缴费档次交，交到税务部门",
 "legal_basis": [
  "《中华人民共和国社会保险法》第十条",
  "《中华人民共和国社会保险法》第二十三条",
  "《中华人民共和国社会保险法》第五十八条"
 ],
 "statutory_days": 15,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "hrss",
 "hall_services": [
  "A",
  "G"
 ],
 "keywords": [
  "自己交社保",
  "个人交社保",
  "灵活就业",
  "外卖",
  "快递",
  "自由职业",
  "断缴",
  "补交"
 ]
},
{
 "code": "SB-004",
 "name": "失业保险金申领",
 "name_en": "Claim unemployment benefit",
 "summary": "不是自己辞职、而是被解除合同的，可以领失业金。在App上就能申请，不用跑腿。每月按时打到你的社保卡上。",
 "summary_en": "If your contract ended and you did not quit of your own will, you can claim unemployment benefit. Apply in the app without coming in. It is paid to your social security card every month.",
 "who": "在明湖区交过失业保险、现在失业的人。",
 "conditions": [
  "失业前你和单位一起交失业保险满1年。",
  "不是你自己要走的，比如合同到期单位不续、单位辞退。",
  "已经做了失业登记，愿意找工作。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件；网上申请时刷脸认证就行。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "社会保障卡"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "解除或终止劳动合同的证明",
   "description": "原单位开的证明，写明哪天、因为什么结束劳动关系，盖单位公章。",
   "example": "《解除劳动合同证明书》",
   "original": true,
   "copies": 1,
   "issuer": "原单位人事部门；单位已注销的，找劳动仲裁的裁决书",
   "alternatives": [
    "劳动仲裁裁决书",
    "法院判决书"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "社会保障卡",
   "description": "要已经开通银行账户，失业金打到这张卡上。",
   "example": "第三代社保卡",
   "original": true,
   "copies": 0,
   "issuer": "A窗口当场办；在银行网点激活金融功能",
   "alternatives": [
    "本人名下的借记卡"
   ],
   "optional": false
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国社会保险法》第四十五条",
  "《中华人民共和国社会保险法》第五十条",
  "《失业保险条例》"
 ],
 "statutory_days": 10,
 "promised_days": 3,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "hrss",
 "hall_services": [
  "A",
  "H"
 ],
 "keywords": [
  "失业金",
  "失业补助",
  "被辞退",
  "没工作了",
  "裁员",
  "下岗"
 ]
},
{
 "code": "SB-005",
 "name": "职工退休待遇申领",
 "name_en": "Claim a retirement pension",
 "summary": "到了退休年龄、社保交够年限，就能按月领养老金。有单位的由单位帮你办，自己交社保的来A窗口办。办好后从下个月开始发钱。",
 "summary_en": "When you reach retirement age and have paid in long enough, you get a monthly pension. Your employer applies for you; if you paid in yourself, come to window A. Payments start the month after approval.",
 "who": "参加职工养老保险、到了法定退休年龄的人。",
 "conditions": [
  "到了法定退休年龄，2025年起按渐进式延迟退休的办法算。",
  "养老保险累计交满15年，2030年起每年加半年，最后到20年。",
  "交得不够年限的，可以接着交到够为止。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "社会保障卡",
   "description": "养老金每月打到这张卡的银行账户上。",
   "example": "已开通金融功能的社保卡",
   "original": true,
   "copies": 0,
   "issuer": "A窗口当场办",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "基本养老保险待遇申领表",
   "description": "写明你的身份信息和领钱的账户，本人签字。",
   "example": "一式两份，A窗口领",
   "original": true,
   "copies": 0,
   "issuer": "A窗口领取，或在“明湖政务”App下载",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "人事档案",
   "description": "用来核对出生日期和工作年限，不用你自己拿。",
   "example": "存在人才中心或原单位的档案",
   "original": true,
   "copies": 0,
   "issuer": "档案所在的人才中心或单位，由窗口去调",
   "alternatives": [],
   "optional": false
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国社会保险法》第十六条",
  "《全国人民代表大会常务委员会关于实施渐进式延迟法定退休年龄的决定》"
 ],
 "statutory_days": 20,
 "promised_days": 10,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "hrss",
 "hall_services": [
  "A",
  "H"
 ],
 "keywords": [
  "退休",
  "养老金",
  "退休金",
  "领养老金",
  "办退休",
  "延迟退休"
 ]
},
{
 "code": "RS-001",
 "name": "就业创业证申领",
 "name_en": "Apply for an Employment and Entrepreneurship Certificate",
 "summary": "就业创业证用来享受补贴和减税，比如创业补贴、社保补贴。带身份证来A窗口，当场办好。也可以在App上领电子证。",
 "summary_en": "The certificate lets you get subsidies and tax breaks, such as start-up or social insurance subsidies. Bring your ID card to window A and it is done on the spot. You can also get the e-certificate in the app.",
 "who": "16岁以上、在明湖区住或工作的人，有工作或正在找工作都能办。",
 "conditions": [
  "已经做了就业登记或失业登记，窗口可以同时帮你登记。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "社会保障卡"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "一寸白底证件照",
   "description": "要纸质证的带1张一寸照片，电子证不用。",
   "example": "25×35毫米，白底彩色",
   "original": true,
   "copies": 0,
   "issuer": "任何照相馆，或A窗口旁自助拍照机",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m3",
   "name": "居住证",
   "description": "户口不在本市的人带上。",
   "example": "明湖区签发的居住证",
   "original": true,
   "copies": 0,
   "issuer": "C窗口（公安户籍）",
   "alternatives": [
    "劳动合同（证明在明湖区工作）"
   ],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国就业促进法》",
  "《就业服务与就业管理规定》"
 ],
 "statutory_days": 5,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "hrss",
 "hall_services": [
  "A",
  "H"
 ],
 "keywords": [
  "就业证",
  "失业证",
  "创业补贴",
  "就业失业登记",
  "找工作"
 ]
},
{
 "code": "RS-002",
 "name": "流动人员人事档案接收和转出",
 "name_en": "Personnel files: hand-in and transfer",
 "summary": "没有单位管档案的人，可以把档案存到区人才服务中心，存放不收钱。要转走时，带新单位的调档函来办。档案走机要邮寄，不交给个人带。",
 "summary_en": "If no employer keeps your personnel file, the district talent centre keeps it for free. To move it, bring the transfer letter from your new employer. Files travel by confidential post, never by hand.",
 "who": "在明湖区工作或住、没有单位保管档案的人，比如毕业生、辞职的人。",
 "conditions": [
  "转入时，原来的存档机构要同意转出。",
  "转出时，要有接收单位开的调档函。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "调档函",
   "description": "转出时要；新单位或新存档机构开的，盖公章，写明接收地址。",
   "example": "《商调函》或《调档函》",
   "original": true,
   "copies": 0,
   "issuer": "接收你档案的单位人事部门或人才中心",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m3",
   "name": "流动人员人事档案存档申请表",
   "description": "转入时填，写明你的学历、原存档地方和联系方式。",
   "example": "一页表格，本人签字",
   "original": true,
   "copies": 0,
   "issuer": "H窗口领取，或在“明湖政务”App下载",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "毕业证书",
   "description": "应届毕业生第一次存档时带上。",
   "example": "大学毕业证原件",
   "original": true,
   "copies": 1,
   "issuer": "毕业的学校",
   "alternatives": [
    "学信网学历证明"
   ],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《流动人员人事档案管理暂行规定》"
 ],
 "statutory_days": 10,
 "promised_days": 5,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "hrss",
 "hall_services": [
  "H"
 ],
 "keywords": [
  "档案",
  "存档案",
  "调档",
  "转档案",
  "人才中心",
  "毕业生档案"
 ]
},
{
 "code": "YB-001",
 "name": "城乡居民医保参保登记",
 "name_en": "Register for residents' medical insurance",
 "summary": "没有单位医保的老人、孩子、学生和没工作的人，可以参加居民医保。登记当场办好，每年集中交一次钱。新生儿出生3个月内参保，出生起就能报销。",
 "summary_en": "Elderly people, children, students and people without a job who have no employer insurance can join residents' medical insurance. Registration is instant; you pay once a year. A baby registered within 3 months of birth is covered from birth.",
 "who": "户口在明湖区，或在明湖区办了居住证、没参加职工医保的人。",
 "conditions": [
  "现在没有参加职工医保，也没在别的地方参加居民医保。",
  "每年9月到12月交下一年的钱，中途参保要等一段时间才能报销。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "户口簿（孩子）",
    "社会保障卡"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "出生医学证明",
   "description": "还没上户口的新生儿带这个，粉色或蓝色的证。",
   "example": "医院发的《出生医学证明》",
   "original": true,
   "copies": 0,
   "issuer": "孩子出生的医院",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m3",
   "name": "居住证",
   "description": "户口不在本市的人带上。",
   "example": "明湖区签发的居住证",
   "original": true,
   "copies": 0,
   "issuer": "C窗口（公安户籍）",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "登记免费；保费按当年个人缴费标准交，困难群众有补助",
 "legal_basis": [
  "《中华人民共和国社会保险法》第二十五条",
  "《国务院关于整合城乡居民基本医疗保险制度的意见》"
 ],
 "statutory_days": 15,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "medins",
 "hall_services": [
  "B"
 ],
 "keywords": [
  "居民医保",
  "交医保",
  "新生儿医保",
  "小孩医保",
  "学生医保",
  "农合",
  "新农合"
 ]
},
{
 "code": "YB-002",
 "name": "医疗费用手工报销",
 "name_en": "Claim medical costs you paid yourself",
 "summary": "看病时没能直接用医保结算、自己先垫了钱的，可以拿票据来报销。在B窗口交材料，钱打到你的社保卡上。一般20个工作日到账。",
 "summary_en": "If you paid a hospital bill yourself because medical insurance could not be used directly, bring the receipts to claim. Hand them in at window B and the money goes to your social security card, usually within 20 working days.",
 "who": "参加明湖区医保、看病时自己垫付了费用的人。",
 "conditions": [
  "在定点医院看病，或者急诊抢救。",
  "外地看病没有备案的，报销比例会低一些。",
  "票据在看病后一年内来报。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "社会保障卡或身份证",
   "description": "病人本人的社保卡或身份证原件。",
   "example": "第三代社保卡",
   "original": true,
   "copies": 0,
   "issuer": "A窗口（社保卡）或派出所（身份证）",
   "alternatives": [
    "医保电子凭证"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "医疗收费票据",
   "description": "医院开的发票，有医院的章。",
   "example": "《医疗门诊收费票据》或住院收费票据，电子票据打印件也行",
   "original": true,
   "copies": 0,
   "issuer": "看病的医院收费处",
   "alternatives": [
    "医院盖章的电子票据打印件"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "费用明细清单",
   "description": "列出每样药和检查花了多少钱。",
   "example": "住院费用总清单",
   "original": true,
   "copies": 0,
   "issuer": "看病的医院收费处或住院处",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "病历或出院小结",
   "description": "门诊带病历，住院带出院小结，要有医生签字。",
   "example": "《出院记录》",
   "original": false,
   "copies": 1,
   "issuer": "看病的医院病案室",
   "alternatives": [
    "诊断证明书"
   ],
   "optional": false
  },
  {
   "id": "m5",
   "name": "代办人身份证",
   "description": "病人来不了时，代办人带自己的身份证。",
   "example": "家属身份证原件",
   "original": true,
   "copies": 0,
   "issuer": "代办人户口所在地派出所",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国社会保险法》第二十八条",
  "《中华人民共和国社会保险法》第二十九条",
  "《医疗保障基金使用监督管理条例》"
 ],
 "statutory_days": 30,
 "promised_days": 20,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "medins",
 "hall_services": [
  "B"
 ],
 "keywords": [
  "报销",
  "医药费",
  "垫付",
  "零星报销",
  "看病报销",
  "发票报销",
  "住院报销"
 ]
},
{
 "code": "YB-003",
 "name": "异地就医备案",
 "name_en": "Register for medical treatment in another city",
 "summary": "要去外地住、外地看病，先做备案，到那边看病就能直接刷医保。在“国家医保服务平台”App上几分钟就办好。也可以来B窗口办。",
 "summary_en": "Before living or seeking treatment in another city, register the move so you can pay with medical insurance there. It takes a few minutes in the National Medical Insurance app, or come to window B.",
 "who": "参加明湖区医保、要到外地长住或去外地看病的人。",
 "conditions": [
  "长住外地的：退休后去外地住、在外地工作、或在外地长期居住。",
  "临时去外地的：医院转诊，或者出门在外急诊。",
  "不用再开证明，写一份承诺书就行。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "社会保障卡或身份证",
   "description": "本人的社保卡或身份证。",
   "example": "第三代社保卡",
   "original": true,
   "copies": 0,
   "issuer": "A窗口（社保卡）或派出所（身份证）",
   "alternatives": [
    "医保电子凭证"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "异地就医备案表",
   "description": "写明去哪个城市、备案类型和联系电话，网上办时在线填。",
   "example": "《基本医疗保险跨省异地就医备案表》",
   "original": true,
   "copies": 0,
   "issuer": "B窗口领取；App上在线填写",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "个人承诺书",
   "description": "承诺你说的情况是真的，本人签字。",
   "example": "表格下方的一段承诺，签名就行",
   "original": true,
   "copies": 0,
   "issuer": "和备案表在一起，B窗口或App上都有",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "转诊单",
   "description": "医院开的转到外地治疗的单子，转诊备案才要。",
   "example": "《转诊转院审批表》",
   "original": true,
   "copies": 0,
   "issuer": "明湖区的二级以上定点医院",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国社会保险法》第二十九条",
  "《关于进一步做好基本医疗保险跨省异地就医直接结算工作的通知》（医保发〔2022〕22号）"
 ],
 "statutory_days": 1,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "medins",
 "hall_services": [
  "B"
 ],
 "keywords": [
  "异地医保",
  "外地看病",
  "备案",
  "异地安置",
  "转诊",
  "跨省看病",
  "去外地住"
 ]
},
{
 "code": "YB-004",
 "name": "门诊慢特病待遇认定",
 "name_en": "Recognition for chronic and special outpatient conditions",
 "summary": "得了高血压、糖尿病、癌症等长期要看门诊的病，认定后门诊费用能多报一些。带上医院的诊断材料来B窗口，或在定点医院直接办。",
 "summary_en": "For long-term conditions such as high blood pressure, diabetes or cancer, recognition lets insurance pay more of your outpatient costs. Bring the hospital's diagnosis papers to window B, or apply directly at a designated hospital.",
 "who": "参加明湖区医保、得了门诊慢性病或特殊病的人。",
 "conditions": [
  "病种在明湖区门诊慢特病目录里，窗口和App上能查。",
  "有二级以上医院的诊断材料。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "社会保障卡或身份证",
   "description": "病人本人的社保卡或身份证。",
   "example": "第三代社保卡",
   "original": true,
   "copies": 0,
   "issuer": "A窗口（社保卡）或派出所（身份证）",
   "alternatives": [
    "医保电子凭证"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "门诊慢特病认定申请表",
   "description": "写病种、想去的定点医院，由医生填诊断意见。",
   "example": "《门诊慢特病待遇认定申请表》",
   "original": true,
   "copies": 0,
   "issuer": "B窗口或定点医院医保办领取，App上可下载",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "诊断材料",
   "description": "近一年的病历、检查报告或出院小结，能看出诊断结果。",
   "example": "糖尿病的血糖检查单和门诊病历",
   "original": false,
   "copies": 1,
   "issuer": "二级以上医院病案室",
   "alternatives": [
    "诊断证明书"
   ],
   "optional": false
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国社会保险法》第二十八条",
  "《医疗保障基金使用监督管理条例》"
 ],
 "statutory_days": 20,
 "promised_days": 10,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "medins",
 "hall_services": [
  "B"
 ],
 "keywords": [
  "慢性病",
  "慢病",
  "特殊病",
  "门特",
  "高血压",
  "糖尿病",
  "透析",
  "门诊报销"
 ]
},
{
 "code": "HJ-002",
 "name": "居住证签注",
 "name_en": "Renew (endorse) a residence permit",
 "summary": "居住证每年要签注一次，在满一年前的一个月内办。在App上就能签，当场办好。过期没签，居住证会暂停使用，补签后居住年限从补签那天重新算。",
 "summary_en": "A residence permit must be endorsed once a year, within the month before each full year. You can do it in the app, instantly. If you miss it, the permit is suspended; after a late endorsement your years of residence count again from that day.",
 "who": "持有明湖区居住证、还在明湖区住的人。",
 "conditions": [
  "还在原来登记的地方住，或已经登记了新住址。",
  "住处、工作或上学的情况还和申领时一样，有变化的要带新的证明。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居住证",
   "description": "本人的居住证原件，网上签注时填证件号码就行。",
   "example": "明湖区签发的居住证",
   "original": true,
   "copies": 0,
   "issuer": "C窗口（公安户籍）",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "居民身份证",
   "description": "本人二代身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "临时居民身份证"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "新的住处或工作证明",
   "description": "搬家或换工作了才要，和申领时的证明一样。",
   "example": "新的租房合同",
   "original": true,
   "copies": 1,
   "issuer": "房东、单位或社区居委会",
   "alternatives": [
    "不动产权证书",
    "劳动合同"
   ],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《居住证暂行条例》"
 ],
 "statutory_days": 15,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "psb",
 "hall_services": [
  "C"
 ],
 "keywords": [
  "签注",
  "居住证续期",
  "居住证年审",
  "居住证过期",
  "续签"
 ]
},
{
 "code": "HJ-003",
 "name": "户口迁入",
 "name_en": "Move your household registration (hukou) into Minghu",
 "summary": "投靠家人、在明湖区买了房、或被单位引进的，可以把户口迁来。在C窗口一次交齐材料，外省的不用再回老家开迁移证。审核通过后，凭短信来拿户口簿。",
 "summary_en": "If you join family, bought a home in Minghu or were recruited by an employer here, you can move your hukou in. Hand in everything at window C; you no longer go back to your old town for a transfer paper. When approved, collect the booklet with the text message.",
 "who": "符合明湖区落户条件、想把户口迁到明湖区的人。",
 "conditions": [
  "夫妻投靠：结婚登记满一定年限，按本市规定。",
  "子女投靠父母，或老人投靠在明湖区落户的子女。",
  "在明湖区有自己名下的住房，或被本区单位录用、引进。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "要迁户口的每个人的身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "现在的户口簿",
   "description": "你现在户口所在的那本户口簿，要有户主页和本人页。",
   "example": "老家的户口簿",
   "original": true,
   "copies": 1,
   "issuer": "现在户口所在地派出所",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "迁入地的户口簿",
   "description": "投靠家人的，带接收你的那户的户口簿。",
   "example": "父母或配偶在明湖区的户口簿",
   "original": true,
   "copies": 1,
   "issuer": "明湖公安分局辖区派出所",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m4",
   "name": "关系或落户依据",
   "description": "看你按哪一种迁：结婚证、出生医学证明、房产证或单位录用证明。",
   "example": "夫妻投靠带结婚证",
   "original": true,
   "copies": 1,
   "issuer": "婚姻登记处、出生医院、不动产登记中心或录用单位",
   "alternatives": [
    "不动产权证书",
    "人才引进通知书"
   ],
   "optional": false
  },
  {
   "id": "m5",
   "name": "户口迁入申请表",
   "description": "写明从哪迁来、按什么理由迁，本人签字。",
   "example": "《户口迁移申请表》",
   "original": true,
   "copies": 0,
   "issuer": "C窗口领取，或在“明湖政务”App下载",
   "alternatives": [],
   "optional": false
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国户口登记条例》第十条",
  "《中华人民共和国户口登记条例》第十三条"
 ],
 "statutory_days": 20,
 "promised_days": 10,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "psb",
 "hall_services": [
  "C"
 ],
 "keywords": [
  "落户",
  "迁户口",
  "户口迁移",
  "投靠",
  "买房落户",
  "人才落户",
  "夫妻投靠"
 ]
},
{
 "code": "HJ-004",
 "name": "新生儿入户（出生登记）",
 "name_en": "Register a newborn's hukou (birth registration)",
 "summary": "孩子出生后一个月内来上户口。带出生医学证明和父母的身份证、户口簿，当场办好。在App上可以和医保、社保卡一起办。",
 "summary_en": "Register your baby's hukou within a month of birth. Bring the birth certificate and both parents' ID cards and hukou booklet; it is done on the spot. In the app you can do it together with medical insurance and the social security card.",
 "who": "父母一方户口在明湖区的新生儿，由父母来办。",
 "conditions": [
  "孩子随父亲或母亲落户都可以。",
  "没办结婚登记的也能上户口，要多带一份亲子关系的证明。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "出生医学证明",
   "description": "医院发的证，有孩子的名字和父母信息。",
   "example": "《出生医学证明》正页",
   "original": true,
   "copies": 1,
   "issuer": "孩子出生的医院",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "父母的居民身份证",
   "description": "父亲和母亲的身份证原件。",
   "example": "两张在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "父母户口所在地派出所",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "落户一方的户口簿",
   "description": "孩子要上到哪本户口簿，就带哪本。",
   "example": "父亲在明湖区的户口簿",
   "original": true,
   "copies": 0,
   "issuer": "明湖公安分局辖区派出所",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "结婚证",
   "description": "父母的结婚证；没结婚的带亲子鉴定报告。",
   "example": "结婚证原件",
   "original": true,
   "copies": 1,
   "issuer": "婚姻登记处",
   "alternatives": [
    "有资质机构出的亲子鉴定报告"
   ],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国户口登记条例》第七条"
 ],
 "statutory_days": 5,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "psb",
 "hall_services": [
  "C"
 ],
 "keywords": [
  "上户口",
  "报户口",
  "出生登记",
  "宝宝户口",
  "新生儿",
  "孩子上户口",
  "出生一件事"
 ]
},
{
 "code": "HJ-005",
 "name": "居民身份证换领",
 "name_en": "Renew your resident ID card",
 "summary": "身份证快到期、坏了或信息变了，要换新证。到期前3个月就能来C窗口办，现场拍照、按指纹。新证做好后可以来拿，也可以寄到家。",
 "summary_en": "Renew your ID card when it is about to expire, damaged or its details changed. Come to window C up to 3 months before expiry; we take your photo and fingerprints. Collect the new card or have it posted home.",
 "who": "户口在明湖区的人；外地户口的在明湖区也能异地换领。",
 "conditions": [
  "证件在3个月内到期，或已经过期。",
  "证件坏了看不清，或者姓名、出生日期等变了。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "旧身份证",
   "description": "要换的那张身份证原件。",
   "example": "快到期的二代身份证",
   "original": true,
   "copies": 0,
   "issuer": "就是你手里原来那张证",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "户口簿",
   "description": "本地户口的带上户口簿，外地户口的不用。",
   "example": "本人页信息要和身份证一致",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m3",
   "name": "身份证照片",
   "description": "白底彩色正面免冠照，不戴首饰，露出眉毛和耳朵。",
   "example": "C窗口现场拍；或照相馆拍的358×441像素数码回执",
   "original": true,
   "copies": 0,
   "issuer": "C窗口现场拍照，或有公安照片采集资质的照相馆",
   "alternatives": [
    "照相馆的数码照片回执"
   ],
   "optional": false
  }
 ],
 "fee": "20元（换领、补领）；要临时身份证的另交10元",
 "legal_basis": [
  "《中华人民共和国居民身份证法》第五条",
  "《中华人民共和国居民身份证法》第十一条"
 ],
 "statutory_days": 60,
 "promised_days": 15,
 "channels": "window",
 "promised_trips": 1,
 "department_code": "psb",
 "hall_services": [
  "C"
 ],
 "keywords": [
  "换身份证",
  "身份证到期",
  "身份证过期",
  "补身份证",
  "身份证丢了",
  "临时身份证"
 ]
},
{
 "code": "BD-002",
 "name": "不动产抵押登记",
 "name_en": "Register a mortgage on real estate",
 "summary": "用房子向银行贷款，要办抵押登记，抵押从登记那天起算。一般由银行帮你在网上交材料，你来签字确认就行。材料齐全的，1个工作日办好。",
 "summary_en": "When you borrow against a home, the mortgage must be registered; it takes effect on the day of registration. Usually the bank files online and you only come to sign. With everything in order it takes 1 working day.",
 "who": "拿房子做抵押的业主，和放贷的银行一起办。",
 "conditions": [
  "房子已经有不动产权证书，或是预售商品房已经做了预告登记。",
  "房子没有被查封。",
  "共有的房子，所有共有人都同意并签字。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "抵押人的身份证",
   "description": "房主本人身份证原件；夫妻共有的两人都带。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "不动产权证书",
   "description": "要抵押的那套房子的房产证。",
   "example": "《不动产权证书》原件",
   "original": true,
   "copies": 0,
   "issuer": "明湖区不动产登记中心",
   "alternatives": [
    "预告登记证明（预售房）"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "借款合同和抵押合同",
   "description": "和银行签的两份合同，有双方签字盖章。",
   "example": "《个人住房借款合同》和《抵押合同》",
   "original": true,
   "copies": 1,
   "issuer": "贷款银行",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "银行的营业执照和委托书",
   "description": "银行经办人带的，证明他能代表银行来办。",
   "example": "营业执照复印件盖章，加授权委托书",
   "original": true,
   "copies": 1,
   "issuer": "贷款银行准备",
   "alternatives": [],
   "optional": false
  }
 ],
 "fee": "住宅每件80元，非住宅每件550元；小微企业和个体户免收",
 "legal_basis": [
  "《中华人民共和国民法典》第四百零二条",
  "《不动产登记暂行条例》第二十条"
 ],
 "statutory_days": 30,
 "promised_days": 1,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "natres",
 "hall_services": [
  "D"
 ],
 "keywords": [
  "抵押",
  "房贷",
  "按揭",
  "房子抵押",
  "贷款登记",
  "解押"
 ]
},
{
 "code": "BD-003",
 "name": "不动产登记资料查询",
 "name_en": "Look up real estate records (home ownership certificate)",
 "summary": "想查自己名下有几套房，或要开“有房无房证明”，可以查不动产登记资料。在App上或D窗口自助机，刷身份证当场出结果。",
 "summary_en": "To see which homes are in your name, or to get a proof of home ownership (or of owning none), look up the real estate records. In the app or at the kiosk by window D, swipe your ID card and get the result at once.",
 "who": "查自己名下房产的人；律师、法院等依法查询的单位。",
 "conditions": [
  "个人只能查自己名下的房产。",
  "查别人的房子，要有法院文书等依法查询的理由。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件，自助机上刷一下就行。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "查询申请表",
   "description": "写明查什么、为什么查，在窗口填；自助机和App上不用填。",
   "example": "《不动产登记资料查询申请书》",
   "original": true,
   "copies": 0,
   "issuer": "D窗口领取",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m3",
   "name": "委托书和代办人身份证",
   "description": "别人代你查时，要经过公证的委托书。",
   "example": "公证处出的委托公证书",
   "original": true,
   "copies": 1,
   "issuer": "公证处",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《不动产登记暂行条例》第二十七条",
  "《不动产登记资料查询暂行办法》"
 ],
 "statutory_days": 5,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "natres",
 "hall_services": [
  "D"
 ],
 "keywords": [
  "查房产",
  "有房无房证明",
  "无房证明",
  "房产证明",
  "查档",
  "名下房子"
 ]
},
{
 "code": "MZ-001",
 "name": "结婚登记",
 "name_en": "Marriage registration",
 "summary": "两个人一起带身份证来婚姻登记处，当场领结婚证。现在不用带户口簿，全国哪里都能登记。可以在App上先预约一个好日子。",
 "summary_en": "Come together to the marriage registry with your ID cards and receive the certificate on the spot. No hukou booklet is needed now, and you can register anywhere in the country. Book a date in the app first if you like.",
 "who": "男方满22岁、女方满20岁，都没有配偶的两个人。",
 "conditions": [
  "两人都是自愿结婚，而且要一起到场。",
  "两人不是直系血亲，也不是三代以内的旁系血亲。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "双方的居民身份证",
   "description": "两个人各自的身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "临时居民身份证"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "两人合影照片3张",
   "description": "近期2寸半身正面合影，不戴帽子，一般是红色背景。",
   "example": "35×49毫米，红底",
   "original": true,
   "copies": 0,
   "issuer": "照相馆；婚姻登记处旁边也能拍",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "单身声明",
   "description": "声明你没有配偶、和对方没有近亲关系，在窗口当场签字。",
   "example": "《申请结婚登记声明书》",
   "original": true,
   "copies": 0,
   "issuer": "婚姻登记处窗口当场填写",
   "alternatives": [],
   "optional": false
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国民法典》第一千零四十七条",
  "《中华人民共和国民法典》第一千零四十九条",
  "《婚姻登记条例》"
 ],
 "statutory_days": 0,
 "promised_days": 0,
 "channels": "window",
 "promised_trips": 1,
 "department_code": "civil",
 "hall_services": [
  "H"
 ],
 "keywords": [
  "领证",
  "结婚证",
  "登记结婚",
  "扯证",
  "婚姻登记",
  "预约领证"
 ]
},
{
 "code": "MZ-002",
 "name": "最低生活保障申请",
 "name_en": "Apply for subsistence allowance (dibao)",
 "summary": "家里收入低、生活有困难的，可以申请低保。交申请后，街道会来家里了解情况，再公示7天。批下来后，每月把钱打到你的卡上。",
 "summary_en": "If your household income is low and life is hard, you can apply for the subsistence allowance. After you apply, the street office visits your home, and the result is posted publicly for 7 days. Once approved, money is paid to your card every month.",
 "who": "户口在明湖区，家里每人每月收入低于本区低保标准的家庭。",
 "conditions": [
  "全家人均收入低于明湖区当年的低保标准。",
  "家里的存款、房子、车等财产在规定范围内。",
  "同意民政部门核查全家的收入和存款。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "全家人的身份证",
   "description": "一起生活的每个家庭成员的身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "户口簿",
   "description": "全家的户口簿原件。",
   "example": "户主页和每个人的那一页",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "低保申请书",
   "description": "写明家里几口人、收入多少、为什么困难，户主签字。",
   "example": "《最低生活保障申请书》",
   "original": true,
   "copies": 0,
   "issuer": "H窗口或街道社会救助窗口领取，App上可下载",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "家庭经济状况核对授权书",
   "description": "每个成年家庭成员都签字，同意查收入和存款。",
   "example": "一页授权书，每人签名按手印",
   "original": true,
   "copies": 0,
   "issuer": "和申请书一起领取",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m5",
   "name": "收入和困难情况证明",
   "description": "工资单、失业证明，或生病、残疾的材料。",
   "example": "近6个月的工资流水，或诊断证明",
   "original": true,
   "copies": 1,
   "issuer": "单位、医院、银行或残联",
   "alternatives": [
    "残疾人证",
    "就业创业证（失业登记）"
   ],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《社会救助暂行办法》第十一条",
  "《最低生活保障审核确认办法》"
 ],
 "statutory_days": 30,
 "promised_days": 20,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "civil",
 "hall_services": [
  "H"
 ],
 "keywords": [
  "低保",
  "困难补助",
  "救助",
  "生活困难",
  "没收入",
  "低保金"
 ]
},
{
 "code": "MZ-003",
 "name": "高龄津贴申领",
 "name_en": "Claim the old-age allowance for people 80 and over",
 "summary": "满80岁的老人每月能领高龄津贴，岁数越大领得越多。子女可以帮老人在App上申请，也可以来H窗口办。从满80岁的下个月开始发。",
 "summary_en": "People aged 80 and over receive a monthly allowance that rises with age. Family members can apply in the app or at window H. It is paid from the month after the 80th birthday.",
 "who": "户口在明湖区、年满80岁的老人。",
 "conditions": [
  "户口在明湖区。",
  "每年要做一次认证，证明老人还健在，App上刷脸就行。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "老人的身份证",
   "description": "老人本人的身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "户口簿"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "老人的社保卡或银行卡",
   "description": "津贴打到这张卡上，要是老人本人名下的。",
   "example": "社保卡的银行账户",
   "original": true,
   "copies": 1,
   "issuer": "A窗口（社保卡）或老人的开户银行",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "高龄津贴申请表",
   "description": "写老人的基本信息和领钱的卡号。",
   "example": "《高龄津贴申请表》",
   "original": true,
   "copies": 0,
   "issuer": "H窗口或社区居委会领取，App上在线填",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "代办人身份证",
   "description": "子女代办的，带上自己的身份证。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "代办人户口所在地派出所",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国老年人权益保障法》"
 ],
 "statutory_days": 20,
 "promised_days": 10,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "civil",
 "hall_services": [
  "H"
 ],
 "keywords": [
  "高龄补贴",
  "老人补贴",
  "80岁",
  "长寿金",
  "老年补贴",
  "高龄津贴"
 ]
},
{
 "code": "MZ-004",
 "name": "老年人优待证办理",
 "name_en": "Senior citizen concession card",
 "summary": "满60岁的老人可以办老年人优待证，坐公交、逛公园能免费或打折。带身份证来H窗口，当场拿证。在App上也能领电子证。",
 "summary_en": "People aged 60 and over can get the senior concession card for free or cheaper buses and parks. Bring your ID card to window H and get it on the spot, or get the e-card in the app.",
 "who": "年满60岁、户口在明湖区或在明湖区有居住证的老人。",
 "conditions": [
  "年满60岁。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "老人本人的身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "户口簿"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "一寸照片",
   "description": "近期一寸彩色正面照1张，窗口也能现场拍。",
   "example": "25×35毫米，白底或蓝底",
   "original": true,
   "copies": 0,
   "issuer": "照相馆，或H窗口旁自助拍照机",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m3",
   "name": "居住证",
   "description": "户口不在本市的老人带上。",
   "example": "明湖区签发的居住证",
   "original": true,
   "copies": 0,
   "issuer": "C窗口（公安户籍）",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国老年人权益保障法》"
 ],
 "statutory_days": 5,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "civil",
 "hall_services": [
  "H"
 ],
 "keywords": [
  "老年证",
  "老人卡",
  "优待证",
  "免费坐公交",
  "老年卡",
  "敬老卡"
 ]
},
{
 "code": "SC-001",
 "name": "个体工商户设立登记",
 "name_en": "Register as an individual business (getihu)",
 "summary": "开小店、做小生意，先办个体户营业执照。在App上填好提交，不用跑窗口，通过后当场出电子执照。要纸质执照的，来E窗口领或选邮寄。",
 "summary_en": "To open a small shop or business, first get an individual business licence. Fill it in online without coming in; once approved you get the e-licence at once. For a paper licence, collect it at window E or have it posted.",
 "who": "年满18岁、想在明湖区开店或做小生意的个人或家庭。",
 "conditions": [
  "有经营的地方，住宅用来经营的要按规定办。",
  "做餐饮、卖药等要许可的生意，拿到执照后还要办许可证。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "经营者身份证",
   "description": "经营者本人二代身份证原件，网上办时刷脸认证。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "个体工商户登记申请书",
   "description": "写店名、经营范围、经营地址，经营者签字。",
   "example": "《个体工商户登记（备案）申请书》",
   "original": true,
   "copies": 0,
   "issuer": "E窗口领取，或在“明湖政务”App在线填写",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "经营场所证明",
   "description": "证明你能在这个地方开店，任选一样。",
   "example": "租赁合同，或你名下的房产证",
   "original": true,
   "copies": 1,
   "issuer": "房东或不动产登记中心",
   "alternatives": [
    "住所（经营场所）申报承诺书"
   ],
   "optional": false
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《促进个体经济发展条例》",
  "《中华人民共和国市场主体登记管理条例》第十九条"
 ],
 "statutory_days": 3,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "market",
 "hall_services": [
  "E"
 ],
 "keywords": [
  "开店",
  "个体户",
  "营业执照",
  "办执照",
  "小生意",
  "摆摊",
  "网店执照"
 ]
},
{
 "code": "SC-002",
 "name": "有限责任公司设立登记",
 "name_en": "Register a limited liability company",
 "summary": "开公司，在App上一次填好，执照、公章、发票、社保登记一起办。材料齐全的，1个工作日拿执照。首套公章免费刻。",
 "summary_en": "To start a company, fill everything in once in the app: licence, company seal, invoices and social insurance registration together. With everything in order the licence is ready in 1 working day. The first set of seals is free.",
 "who": "想在明湖区开公司的个人或企业（股东1到50个）。",
 "conditions": [
  "公司名字没有和别人重复，可以在App上先自己查名字。",
  "有公司住所，注册资本在公司成立后5年内交足。",
  "定好法定代表人、董事或经理、监事。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "公司登记申请书",
   "description": "写公司名称、住所、注册资本、经营范围，网上填好后打印签字。",
   "example": "《公司登记（备案）申请书》",
   "original": true,
   "copies": 0,
   "issuer": "“明湖政务”App在线填写，或E窗口领取",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "公司章程",
   "description": "全体股东签字的章程，可以用App里的模板改。",
   "example": "《××有限公司章程》",
   "original": true,
   "copies": 0,
   "issuer": "股东自己制定；E窗口和App上有范本",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "股东的身份证明",
   "description": "股东是个人的带身份证，是企业的带营业执照。",
   "example": "每个股东的身份证原件",
   "original": true,
   "copies": 1,
   "issuer": "派出所（身份证）或市场监督管理局（执照）",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "法定代表人和高管的身份证",
   "description": "法定代表人、董事、监事、经理的身份证，网上办时各自刷脸认证。",
   "example": "身份证原件",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m5",
   "name": "住所使用证明",
   "description": "公司办公地址的租赁合同或房产证明。",
   "example": "写字楼租赁合同",
   "original": true,
   "copies": 1,
   "issuer": "房东或物业公司",
   "alternatives": [
    "不动产权证书",
    "住所申报承诺书"
   ],
   "optional": false
  }
 ],
 "fee": "登记免费；首套公章免费刻制",
 "legal_basis": [
  "《中华人民共和国公司法》第四十七条",
  "《中华人民共和国市场主体登记管理条例》第十九条"
 ],
 "statutory_days": 3,
 "promised_days": 1,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "market",
 "hall_services": [
  "E",
  "G"
 ],
 "keywords": [
  "开公司",
  "注册公司",
  "公司执照",
  "企业开办",
  "办公司",
  "刻章",
  "有限公司"
 ]
},
{
 "code": "SC-003",
 "name": "营业执照变更登记",
 "name_en": "Change the details on a business licence",
 "summary": "公司或个体户换了名字、地址、经营范围或法定代表人，要在30天内办变更。在App上就能办，材料齐全的当场换发新执照。",
 "summary_en": "When a business changes its name, address, scope or legal representative, apply for the change within 30 days. It can be done in the app, and with everything in order the new licence is issued on the spot.",
 "who": "在明湖区登记的公司、个体户等经营者。",
 "conditions": [
  "公司已经开了股东会或做了股东决定，同意这次变更。",
  "换地址的，新地址要在明湖区，不在的要迁到新地方的登记机关。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "变更登记申请书",
   "description": "写明改什么、改成什么，法定代表人签字。",
   "example": "《公司变更登记（备案）申请书》",
   "original": true,
   "copies": 0,
   "issuer": "E窗口领取，或在“明湖政务”App在线填写",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "股东会决议或股东决定",
   "description": "同意变更的决议，股东签字；个体户不用。",
   "example": "《××有限公司股东会决议》",
   "original": true,
   "copies": 0,
   "issuer": "公司自己制作，E窗口和App上有范本",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m3",
   "name": "章程修正案",
   "description": "改了章程里写的内容时要，比如名字、地址、注册资本。",
   "example": "《章程修正案》，股东签字",
   "original": true,
   "copies": 0,
   "issuer": "公司自己制作",
   "alternatives": [
    "修改后的新章程"
   ],
   "optional": true
  },
  {
   "id": "m4",
   "name": "营业执照正本和副本",
   "description": "原来的纸质执照，换发新执照时收回。",
   "example": "营业执照正本、副本",
   "original": true,
   "copies": 0,
   "issuer": "当初发执照的市场监督管理局",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m5",
   "name": "新地址证明",
   "description": "换地址才要，新地方的租赁合同或房产证明。",
   "example": "新的租赁合同",
   "original": true,
   "copies": 1,
   "issuer": "房东或物业公司",
   "alternatives": [
    "住所申报承诺书"
   ],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国市场主体登记管理条例》第二十四条"
 ],
 "statutory_days": 3,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "market",
 "hall_services": [
  "E"
 ],
 "keywords": [
  "执照变更",
  "改名字",
  "换地址",
  "变更法人",
  "经营范围",
  "增资",
  "换执照"
 ]
},
{
 "code": "SC-004",
 "name": "食品经营许可",
 "name_en": "Food business licence",
 "summary": "开饭店、卖熟食、做奶茶，要办食品经营许可证。只卖包装好的食品的，做个备案就行。交材料后，工作人员会来店里看一次，合格就发证。",
 "summary_en": "Restaurants, cooked-food shops and tea bars need a food business licence. If you only sell pre-packed food, a simple filing is enough. After you apply, staff visit the shop once and issue the licence if all is well.",
 "who": "在明湖区做餐饮或卖散装食品、熟食的经营者。",
 "conditions": [
  "已经有营业执照。",
  "店里的布局、设备能做到生熟分开、干净卫生。",
  "有食品安全管理人员和管理制度。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "食品经营许可申请书",
   "description": "写经营项目，比如热食、冷食、饮品制售。",
   "example": "《食品经营许可申请书》",
   "original": true,
   "copies": 0,
   "issuer": "E窗口领取，或在“明湖政务”App在线填写",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "营业执照",
   "description": "店铺的营业执照。",
   "example": "营业执照副本或电子营业执照",
   "original": true,
   "copies": 1,
   "issuer": "明湖区市场监督管理局（E窗口）",
   "alternatives": [
    "电子营业执照"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "负责人身份证",
   "description": "法定代表人或负责人的身份证。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "店铺平面图和设备布局图",
   "description": "画出厨房、仓库、洗碗的位置和主要设备，手画清楚也行。",
   "example": "标出冰箱、灶台、消毒柜、洗手池位置的图",
   "original": true,
   "copies": 0,
   "issuer": "经营者自己画；E窗口有示例",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m5",
   "name": "食品安全管理制度",
   "description": "进货查验、清洗消毒、从业人员健康管理等制度。",
   "example": "App上有模板，按店里情况改",
   "original": true,
   "copies": 0,
   "issuer": "经营者自己制定；“明湖政务”App可下载模板",
   "alternatives": [],
   "optional": false
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国食品安全法》第三十五条",
  "《食品经营许可和备案管理办法》"
 ],
 "statutory_days": 10,
 "promised_days": 5,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "market",
 "hall_services": [
  "E"
 ],
 "keywords": [
  "食品许可证",
  "餐饮许可证",
  "卫生许可证",
  "开饭店",
  "奶茶店",
  "小吃店",
  "食品备案"
 ]
},
{
 "code": "SC-005",
 "name": "企业简易注销登记",
 "name_en": "Simplified deregistration of a business",
 "summary": "没有欠债、没有欠税的公司，可以简易注销。在App上公示20天，没人提出异议就能注销。不用登报，也不用成立清算组。",
 "summary_en": "A company with no debts and no unpaid taxes can close the simple way. It is announced in the app for 20 days and, if nobody objects, deregistered. No newspaper notice or liquidation team is needed.",
 "who": "在明湖区登记、没开业或者已经清完债的企业和个体户。",
 "conditions": [
  "没有欠款，或者欠的钱、工资、社保费、税都已经还清。",
  "没有被查封、没有正在打的官司。",
  "全体股东书面承诺以上情况是真的。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "简易注销登记申请书",
   "description": "网上填好，法定代表人签字。",
   "example": "《注销登记申请书》（勾选简易注销）",
   "original": true,
   "copies": 0,
   "issuer": "“明湖政务”App在线填写，或E窗口领取",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "全体投资人承诺书",
   "description": "所有股东签字，承诺债都还清了。",
   "example": "《全体投资人承诺书》",
   "original": true,
   "copies": 0,
   "issuer": "App上和公示一起生成，下载后签字",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "营业执照正本和副本",
   "description": "注销时交回纸质执照。",
   "example": "营业执照正本、副本",
   "original": true,
   "copies": 0,
   "issuer": "当初发执照的市场监督管理局",
   "alternatives": [
    "执照丢了的，在App上写一份遗失声明"
   ],
   "optional": false
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国市场主体登记管理条例》第三十三条"
 ],
 "statutory_days": 3,
 "promised_days": 1,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "market",
 "hall_services": [
  "E",
  "G"
 ],
 "keywords": [
  "注销",
  "关公司",
  "不干了",
  "关店",
  "简易注销",
  "公司注销"
 ]
},
{
 "code": "GJ-001",
 "name": "住房公积金提取（租房）",
 "name_en": "Withdraw housing provident fund to pay rent",
 "summary": "自己和配偶在本市都没有房、在租房住的，可以取公积金交房租。在App上申请，钱当天到你的银行卡。每月能取多少有上限。",
 "summary_en": "If neither you nor your spouse owns a home in the city and you rent, you can withdraw your housing fund to pay rent. Apply in the app and the money reaches your bank card the same day, up to a monthly limit.",
 "who": "在明湖交公积金、租房住的职工。",
 "conditions": [
  "本人和配偶在本市都没有自己的房子。",
  "公积金连续正常交满3个月。",
  "每月提取额度内不用交租房合同，超出的要交备案的合同和发票。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件；网上办时刷脸认证。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "本人银行卡",
   "description": "收钱的卡，要是本人名下的一类借记卡。",
   "example": "任意银行的借记卡",
   "original": true,
   "copies": 0,
   "issuer": "你的开户银行",
   "alternatives": [
    "社会保障卡的银行账户"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "住房租赁合同和租金发票",
   "description": "按实际房租多取时才要，合同要在住建部门备案。",
   "example": "备案过的租房合同，加税务代开的租金发票",
   "original": true,
   "copies": 1,
   "issuer": "房东；合同在“明湖政务”App备案，发票在G窗口代开",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m4",
   "name": "结婚证",
   "description": "已婚的带上，用来一起查夫妻名下有没有房。",
   "example": "结婚证原件",
   "original": true,
   "copies": 0,
   "issuer": "婚姻登记处",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《住房公积金管理条例》第二十四条",
  "《住房公积金管理条例》第二十五条"
 ],
 "statutory_days": 3,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "hpf",
 "hall_services": [
  "F"
 ],
 "keywords": [
  "取公积金",
  "公积金提取",
  "租房提取",
  "交房租",
  "公积金取钱",
  "提公积金"
 ]
},
{
 "code": "GJ-002",
 "name": "住房公积金个人住房贷款",
 "name_en": "Housing provident fund home loan",
 "summary": "买自己住的房子，可以申请公积金贷款，利息比商业贷款低。先在App上算能贷多少，再带材料来F窗口申请。15个工作日内给你答复。",
 "summary_en": "To buy a home to live in, you can apply for a housing fund loan at a lower rate than a bank loan. Check how much you can borrow in the app, then bring your papers to window F. You get an answer within 15 working days.",
 "who": "在明湖交公积金、买自住房的职工和配偶。",
 "conditions": [
  "公积金连续正常交满6个月。",
  "买的是自己住的房子，首付按规定比例交了。",
  "没有还没还清的公积金贷款，个人征信没有严重问题。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "借款人和配偶的身份证",
   "description": "借款人和配偶的身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "婚姻状况证明",
   "description": "已婚带结婚证，离婚带离婚证，单身的当场签声明。",
   "example": "结婚证原件",
   "original": true,
   "copies": 1,
   "issuer": "婚姻登记处",
   "alternatives": [
    "单身声明（F窗口当场签）"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "购房合同",
   "description": "网签的商品房买卖合同或二手房买卖合同。",
   "example": "《商品房买卖合同》",
   "original": true,
   "copies": 1,
   "issuer": "开发商或卖方；网签在住建部门系统",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "首付款凭证",
   "description": "证明你已经交了首付的票据。",
   "example": "开发商开的首付款收据或发票",
   "original": true,
   "copies": 1,
   "issuer": "开发商财务，或二手房资金监管银行",
   "alternatives": [
    "银行转账记录"
   ],
   "optional": false
  },
  {
   "id": "m5",
   "name": "公积金贷款申请表",
   "description": "写贷款金额、年限、还款方式，借款人签字。",
   "example": "《住房公积金个人住房贷款申请表》",
   "original": true,
   "copies": 0,
   "issuer": "F窗口领取，或在“明湖政务”App下载",
   "alternatives": [],
   "optional": false
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《住房公积金管理条例》第二十六条"
 ],
 "statutory_days": 15,
 "promised_days": 10,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "hpf",
 "hall_services": [
  "F",
  "D"
 ],
 "keywords": [
  "公积金贷款",
  "买房贷款",
  "房贷",
  "组合贷",
  "贷多少",
  "首套房"
 ]
},
{
 "code": "GJ-003",
 "name": "住房公积金提取（退休销户）",
 "name_en": "Withdraw all housing provident fund at retirement",
 "summary": "退休了，可以把公积金账户里的钱全部取出来。在App上申请，钱当天到卡。有公积金贷款没还完的，要先还清。",
 "summary_en": "When you retire you can withdraw everything in your housing fund account. Apply in the app and the money arrives the same day. Any unpaid fund loan must be repaid first.",
 "who": "在明湖交过公积金、已经办了退休的人。",
 "conditions": [
  "已经办了退休手续，窗口能在系统里查到。",
  "没有没还清的公积金贷款。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件；网上办时刷脸认证。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "本人银行卡",
   "description": "收钱的卡，要是本人名下的借记卡。",
   "example": "社保卡的银行账户",
   "original": true,
   "copies": 0,
   "issuer": "你的开户银行",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "退休证明",
   "description": "系统查不到退休信息时才要。",
   "example": "退休审批表或退休证",
   "original": true,
   "copies": 1,
   "issuer": "A窗口（社保）打印，或原单位人事部门",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《住房公积金管理条例》第二十四条"
 ],
 "statutory_days": 3,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "hpf",
 "hall_services": [
  "F"
 ],
 "keywords": [
  "退休取公积金",
  "销户",
  "公积金全部取出",
  "退休提取"
 ]
},
{
 "code": "SW-001",
 "name": "个人所得税年度汇算咨询",
 "name_en": "Help with the annual individual income tax return",
 "summary": "每年3月1日到6月30日做上一年的个税汇算，多退少补。大多数人在“个人所得税”App上自己就能办完。不会操作的，带身份证来G窗口，我们陪你办。",
 "summary_en": "Each year from 1 March to 30 June you settle last year's income tax: overpaid tax comes back, underpaid is paid. Most people finish in the Individual Income Tax app themselves. If you need help, bring your ID card to window G and we'll do it with you.",
 "who": "上一年在中国有工资、劳务等收入的人。",
 "conditions": [
  "全年收入不超过12万元要补税的，或补税不超过400元的，可以不办。",
  "想退税的，都可以申请。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人二代身份证原件，用来登录和核对身份。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "手机",
   "description": "装好“个人所得税”App、能收短信的手机。",
   "example": "本人实名的手机号",
   "original": true,
   "copies": 0,
   "issuer": "应用商店下载“个人所得税”App",
   "alternatives": [
    "G窗口的自助办税电脑"
   ],
   "optional": true
  },
  {
   "id": "m3",
   "name": "专项附加扣除信息",
   "description": "孩子上学、赡养老人、房贷利息、租房等的基本信息。",
   "example": "孩子的身份证号和学校，房贷合同编号",
   "original": false,
   "copies": 0,
   "issuer": "自己准备；不用交原件",
   "alternatives": [],
   "optional": true
  },
  {
   "id": "m4",
   "name": "本人银行卡",
   "description": "退税打到这张卡，要是本人名下的一类卡。",
   "example": "任意银行的借记卡",
   "original": true,
   "copies": 0,
   "issuer": "你的开户银行",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国个人所得税法》第十一条",
  "《中华人民共和国个人所得税法实施条例》"
 ],
 "statutory_days": 0,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "tax",
 "hall_services": [
  "G"
 ],
 "keywords": [
  "个税",
  "退税",
  "汇算",
  "补税",
  "个人所得税",
  "专项附加扣除",
  "年度汇算"
 ]
},
{
 "code": "SW-002",
 "name": "发票领用",
 "name_en": "Get invoices (including e-invoice quota)",
 "summary": "新开的公司和个体户办完执照，就能在电子税务局开数电发票，不用领纸票。额度不够用的，可以在网上申请调高。确实要纸质发票的，来G窗口领。",
 "summary_en": "A newly registered business can issue fully digital e-invoices in the online tax bureau straight away, without paper invoices. If the quota is too low, apply online to raise it. If you really need paper invoices, collect them at window G.",
 "who": "在明湖区登记的公司、个体户等纳税人。",
 "conditions": [
  "已经办了营业执照，税务信息已确认。",
  "办税人员已经在电子税务局实名认证。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "办税人员身份证",
   "description": "来办事的办税人员本人的身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "营业执照",
   "description": "纳税人的营业执照。",
   "example": "营业执照副本或电子营业执照",
   "original": true,
   "copies": 0,
   "issuer": "明湖区市场监督管理局（E窗口）",
   "alternatives": [
    "电子营业执照"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "发票额度调整申请",
   "description": "要调高额度时在电子税务局填，写明理由。",
   "example": "写明“下个月有一笔大合同，要调高额度”",
   "original": false,
   "copies": 0,
   "issuer": "电子税务局在线填写",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国发票管理办法》",
  "《中华人民共和国税收征收管理法》"
 ],
 "statutory_days": 5,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "tax",
 "hall_services": [
  "G"
 ],
 "keywords": [
  "领发票",
  "开发票",
  "数电发票",
  "电子发票",
  "发票额度",
  "购票"
 ]
},
{
 "code": "CL-001",
 "name": "残疾人证办理",
 "name_en": "Apply for a disability certificate",
 "summary": "有残疾的人办了残疾人证，可以享受补贴、减免和各种优待。先来H窗口申请，再去指定医院评残。评定结果出来后，15个工作日内发证。",
 "summary_en": "With a disability certificate you get subsidies, reductions and other support. Apply at window H, then have the assessment at a designated hospital. The certificate is issued within 15 working days after the result.",
 "who": "户口在明湖区，有视力、听力、言语、肢体、智力或精神残疾的人。",
 "conditions": [
  "残疾情况已经稳定，一般治疗满半年以上。",
  "到残联指定的医院做残疾评定。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人的身份证原件；孩子没有身份证的带户口簿。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "户口簿"
   ],
   "optional": false
  },
  {
   "id": "m2",
   "name": "近期彩色免冠照片",
   "description": "白底正面照，用来贴在证上；窗口也能现场拍。",
   "example": "二寸，35×49毫米，白底",
   "original": true,
   "copies": 0,
   "issuer": "照相馆，或H窗口旁自助拍照机",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m3",
   "name": "残疾人证申请表",
   "description": "写基本情况和残疾类别，本人或监护人签字。",
   "example": "《残疾人证申请表》",
   "original": true,
   "copies": 0,
   "issuer": "H窗口或社区居委会领取，App上可下载",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "病历和检查报告",
   "description": "以前看病的记录，帮助医生评定。",
   "example": "住院病历、听力检查报告",
   "original": false,
   "copies": 1,
   "issuer": "你看过病的医院病案室",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费（残疾评定费用由政府承担）",
 "legal_basis": [
  "《中华人民共和国残疾人保障法》"
 ],
 "statutory_days": 20,
 "promised_days": 15,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "disabled",
 "hall_services": [
  "H"
 ],
 "keywords": [
  "残疾证",
  "残疾人证",
  "评残",
  "残联",
  "残疾补贴",
  "残疾鉴定"
 ]
},
{
 "code": "WS-001",
 "name": "独生子女父母奖励申领",
 "name_en": "Claim the reward for parents of an only child",
 "summary": "2016年前领了独生子女父母光荣证的，退休或到年龄后可以领奖励。带光荣证和身份证来H窗口，材料会转给卫生健康部门审核。审核通过后把钱打到你的卡上。",
 "summary_en": "If you received the Only Child Parents' Certificate before 2016, you can claim the reward when you retire or reach the age. Bring the certificate and your ID card to window H; the health department checks it. Once approved, the money is paid to your card.",
 "who": "户口在明湖区、领过《独生子女父母光荣证》的父母。",
 "conditions": [
  "2016年1月1日以前领了光荣证，之后没有再生育或收养。",
  "已经退休，或者农村户口年满60岁。",
  "以前没有领过这笔奖励。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "申请人本人的身份证原件。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m2",
   "name": "独生子女父母光荣证",
   "description": "小红本，上面有父母和孩子的名字。",
   "example": "《独生子女父母光荣证》原件",
   "original": true,
   "copies": 1,
   "issuer": "当年发证的街道或乡镇；丢了的找街道开证明",
   "alternatives": [
    "街道出具的独生子女证明"
   ],
   "optional": false
  },
  {
   "id": "m3",
   "name": "户口簿",
   "description": "全家的户口簿。",
   "example": "户主页和本人页",
   "original": true,
   "copies": 1,
   "issuer": "户口所在地派出所",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m4",
   "name": "本人银行卡",
   "description": "收奖励的卡，要是本人名下的。",
   "example": "社保卡的银行账户",
   "original": true,
   "copies": 1,
   "issuer": "你的开户银行",
   "alternatives": [],
   "optional": false
  },
  {
   "id": "m5",
   "name": "退休证明",
   "description": "按退休领奖励的带上。",
   "example": "退休证或退休审批表",
   "original": true,
   "copies": 1,
   "issuer": "原单位人事部门，或A窗口（社保）打印",
   "alternatives": [],
   "optional": true
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国人口与计划生育法》"
 ],
 "statutory_days": 20,
 "promised_days": 15,
 "channels": "both",
 "promised_trips": 1,
 "department_code": "centre",
 "hall_services": [
  "H"
 ],
 "keywords": [
  "独生子女奖励",
  "独生子女费",
  "光荣证",
  "计生奖励",
  "独生子女补贴"
 ]
},
{
 "code": "SB-006",
 "name": "社会保险参保证明打印",
 "name_en": "Print a social insurance record",
 "summary": "买房、落户、孩子上学常要社保缴费证明。在App上或A窗口旁的自助机，刷身份证当场打印。证明上有二维码，别人扫一下就能核对真假。",
 "summary_en": "Buying a home, moving your hukou or school enrolment often needs proof of social insurance payments. Print it on the spot in the app or at the kiosk by window A with your ID card. A QR code on it lets others check it is genuine.",
 "who": "在明湖区交过社保的人。",
 "conditions": [
  "只能打印自己的参保证明。"
 ],
 "materials": [
  {
   "id": "m1",
   "name": "居民身份证",
   "description": "本人的身份证原件，在自助机上刷一下。",
   "example": "在有效期内的身份证",
   "original": true,
   "copies": 0,
   "issuer": "户口所在地派出所户籍窗口",
   "alternatives": [
    "社会保障卡",
    "电子社保卡"
   ],
   "optional": false
  }
 ],
 "fee": "免费",
 "legal_basis": [
  "《中华人民共和国社会保险法》第七十四条"
 ],
 "statutory_days": 5,
 "promised_days": 0,
 "channels": "both",
 "promised_trips": 0,
 "department_code": "hrss",
 "hall_services": [
  "A"
 ],
 "keywords": [
  "社保证明",
  "缴费证明",
  "社保清单",
  "参保证明",
  "打印社保",
  "社保记录"
 ]
}
]
)json";
}  // namespace

const std::string& demoMattersJson() {
  static const std::string json = kMattersJson;
  return json;
}

}  // namespace onedoor::demo
