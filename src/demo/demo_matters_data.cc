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
}
]
)json";
}  // namespace

const std::string& demoMattersJson() {
  static const std::string json = kMattersJson;
  return json;
}

}  // namespace onedoor::demo
