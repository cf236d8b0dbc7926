/* vocab.c: the generic column names of each role, in English and Chinese.
 *
 * Names are written as people write them and normalised when matched, so
 * "customer_id", "Customer ID" and "CustomerId" are one entry. Within a role
 * the first name found wins, so the most specific names come first. A column
 * may take several roles; the kind decides which of them count. The entries
 * each role had before the Chinese and marketing names came stay first, in
 * their order, so existing tables keep their roles; "review id" alone sits
 * before "order id", so a reviews table's own id is not its order's. */
#include "detect/detect_internal.h"

static const char *const VOCAB[LS_ROLE_COUNT] = {
  [LS_ROLE_ID] = "id|subscription id|charge id|payment id|review id|order id|uuid|transaction id|event id|"
                 "message id|insert id|交易单号|交易号|交易订单号|流水号",
  [LS_ROLE_CUSTOMER] = "customer id|customer|cus id|customer key|account id|customer uuid|"
                       "customer external id|用户ID|客户ID|customer oid|client id|buyer id|客户|"
                       "客户编号|会员ID|买家ID|买家|用户|顾客",
  [LS_ROLE_USER] = "distinct id|user id|person id|user|uid|anonymous id|customer id|用户ID|"
                   "user pseudo id|member id|用户|会员ID|会员|用户编号|用户名",
  [LS_ROLE_EVENT] = "event|event name|event type|action|事件|事件名|事件名称|事件类型|行为|行为类型",
  [LS_ROLE_TIMESTAMP] = "timestamp|event time|event timestamp|time|datetime|ts|created at|时间|"
                        "occurred at|date|day|hour|reporting starts|事件时间|发生时间|时间戳|"
                        "行为时间|日期|统计日期|小时",
  [LS_ROLE_PLAN] = "plan|plan name|plan nickname|price nickname|plan id|price id|product|"
                   "product name|tier|套餐|套餐名称|计划|会员等级|会员类型|商品|商品名称|产品|产品名称|product id|"
                   "商品ID|商品编号|sku",
  [LS_ROLE_INTERVAL] = "interval|plan interval|billing interval|billing period|price interval|"
                       "recurring interval|interval unit|计费周期|付费周期|周期",
  [LS_ROLE_INTERVAL_COUNT] = "interval count|plan interval count|price interval count|"
                             "recurring interval count|周期数",
  [LS_ROLE_AMOUNT] = "amount|plan amount|unit amount|price amount|price|amount usd|金额|"
                     "total|total amount|amount paid|实付金额|支付金额|付款金额|订单金额|交易金额|"
                     "实收金额|金额（元）|金额(元)|总金额|总价",
  [LS_ROLE_QUANTITY] = "quantity|seats|qty|数量|购买数量|件数",
  [LS_ROLE_CURRENCY] = "currency|plan currency|price currency|currency code|币种|货币",
  [LS_ROLE_STATUS] = "status|state|subscription status|financial status|payment status|"
                     "order status|状态|订单状态|交易状态|支付状态|当前状态",
  [LS_ROLE_CREATED] = "created (UTC)|created|created at|created at (UTC)|created date|"
                      "created date (UTC)|order date|ordered at|paid at|payment date|date|"
                      "创建时间|下单时间|订单时间|交易时间|交易创建时间|支付时间|付款时间|日期",
  [LS_ROLE_START] = "start date (UTC)|start (UTC)|start date|start|started at|started at (UTC)|"
                    "start at|subscription start|开始时间|开通时间|订阅时间|生效时间",
  [LS_ROLE_TRIAL_END] = "trial end (UTC)|trial end|trial end at|trial ends at|trial end date|"
                        "试用结束时间",
  [LS_ROLE_CANCELED_AT] = "canceled at (UTC)|canceled at|cancelled at (UTC)|cancelled at|"
                          "canceled date|cancelled date|canceled|cancelled|取消时间|退订时间",
  [LS_ROLE_ENDED_AT] = "ended at (UTC)|ended at|ended (UTC)|end date|ended|end at|结束时间|"
                       "到期时间|过期时间",
  [LS_ROLE_SIGNUP] = "signup at|signed up at|signup date|signup (UTC)|signup time|registered at|"
                     "created at|created|created (UTC)|joined at|注册时间|注册日期|首次访问时间",
  [LS_ROLE_CHANNEL] = "channel|acquisition channel|source|utm source|渠道|media source|"
                      "traffic source|来源|渠道来源|推广渠道|获客渠道|流量来源",
  [LS_ROLE_SEGMENT] = "segment|customer segment|客群|分群|用户分层",
  [LS_ROLE_COUNTRY] = "country|country code|billing country|国家|国家代码",
  [LS_ROLE_CAC] = "cac|acquisition cost|customer acquisition cost|获客成本",
  [LS_ROLE_ORDER_ID] = "order id|order number|order no|order|订单号|订单编号|订单ID|商户单号|"
                       "商户订单号|商家订单号",
  [LS_ROLE_REFUND_AMOUNT] = "refund amount|refunded amount|amount refunded|refund|refunds|"
                            "退款金额|已退款金额|退款|成功退款（元）",
  [LS_ROLE_DISCOUNT] = "discount|discount amount|amount off|coupon amount off|percent off|"
                       "coupon percent off|discount percent|discount (%)|折扣金额|优惠金额",
  [LS_ROLE_REFUNDED] = "refunded|is refunded|是否退款|已退款",
  [LS_ROLE_SESSION] = "session id|session|visit id|会话ID|会话",
  [LS_ROLE_DURATION] = "duration|duration ms|duration (ms)|duration s|latency|latency ms|"
                       "response time|response time ms|elapsed ms|时长|耗时|停留时长|响应时间",
  [LS_ROLE_ERROR_CODE] = "error code|error|err code|status code|http status|错误码|错误代码",
  [LS_ROLE_SUCCESS] = "success|succeeded|is success|ok|是否成功|成功",
  [LS_ROLE_SCORE] = "score|rating|stars|star rating|roas|评分|分数|得分|星级|综合评分",
  [LS_ROLE_ENTITY] = "entity|entity id|shop|shop id|shop name|store|store id|store name|merchant|"
                     "merchant id|店铺|店铺ID|店铺名称|商户|商户ID|商户名称|门店|商家|商家ID",
  [LS_ROLE_REGION] = "region|state|province|地区|省份|区域|城市",
  [LS_ROLE_CAMPAIGN] = "campaign|campaign name|campaign id|ad campaign|utm campaign|广告系列|"
                       "推广计划|广告计划|计划名称|活动|活动名称",
  [LS_ROLE_SPEND] = "spend|cost|ad spend|amount spent|amount spent (USD)|花费|消耗|广告花费|成本|"
                    "投放金额",
  [LS_ROLE_IMPRESSIONS] = "impressions|impr|展现|展现量|曝光|曝光量|展示|展示次数",
  [LS_ROLE_CLICKS] = "clicks|link clicks|点击|点击量|点击数|点击次数",
  [LS_ROLE_CONVERSIONS] = "conversions|installs|conversion|results|purchases|转化|转化数|转化量|"
                          "安装|安装量|激活|激活数",
  [LS_ROLE_REVENUE] = "revenue|conversion value|purchase value|gmv|收入|营收|成交金额",
  [LS_ROLE_REVIEW_TEXT] = "review|review text|text|content|comment|body|评论|评价|评价内容|"
                          "评论内容|内容",
  [LS_ROLE_SUBSCRIPTION] = "subscription id|subscription|subscription external id|订阅ID",
  [LS_ROLE_EMAIL] = "email|customer email|email address|邮箱|电子邮箱",
  [LS_ROLE_ANONYMOUS_ID] = "anonymous id|device id|设备ID",
  [LS_ROLE_DIRECTION] = "收/支|收支|direction|income/expense",
  [LS_ROLE_FEE] = "fee|fees|processing fee|手续费|服务费|服务费（元）",
};

const char *ls_detect_vocab(ls_role r) {
  if ((int)r < 0 || r >= LS_ROLE_COUNT || !VOCAB[r]) return "";
  return VOCAB[r];
}
