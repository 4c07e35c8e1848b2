#include "synth/world_clusters.h"

#include <algorithm>
#include <cmath>
#include <string>

namespace innocluster::synth {
namespace {

// Anchors: GeoNames ids (cities1000) and the fraction of the cluster's
// activity each holds. The weights are chosen so that innocluster's naming
// rule (docs/methodology.md, "Names and economies": places in order of
// activity, a place joining while it holds >= 25% of the first's, at most
// three) gives the published name: named places first, every other anchor
// below a quarter of the leader.
constexpr Anchor kShenzhenHongKongGuangzhou[] = {
    {1795565, 0.40}, {1819729, 0.27}, {1809858, 0.24}, {1811103, 0.05}, {1806776, 0.04}};
constexpr Anchor kTokyoYokohama[] = {
    {1850147, 0.55}, {1859642, 0.06}, {1848354, 0.25}, {6940394, 0.06}, {2113015, 0.05}};
constexpr Anchor kSanJoseSanFrancisco[] = {
    {5392171, 0.36}, {5393015, 0.07}, {5400075, 0.07}, {5375480, 0.06}, {5380748, 0.06},
    {5386834, 0.04}, {5392423, 0.04}, {5391959, 0.26}, {5378538, 0.02}, {5350734, 0.02}};
constexpr Anchor kBeijing[] = {{1816670, 1.0}};
constexpr Anchor kSeoul[] = {{1835848, 0.66}, {1835553, 0.13}, {1843564, 0.11}};
constexpr Anchor kShanghaiSuzhou[] = {{1796236, 0.58}, {1785623, 0.08}, {1886760, 0.26}};
constexpr Anchor kNewYork[] = {{5128581, 0.80}, {5099836, 0.10}, {5101798, 0.10}};
constexpr Anchor kLondon[] = {{2643743, 1.0}};
constexpr Anchor kBostonCambridge[] = {{4930956, 0.50}, {4931972, 0.34}, {4951257, 0.06}, {4954380, 0.08}};
constexpr Anchor kLosAngeles[] = {{5368361, 0.83}, {5393212, 0.05}, {5367929, 0.07}, {5359777, 0.05}};
constexpr Anchor kOsakaKobeKyoto[] = {
    {1853909, 0.45}, {1865387, 0.05}, {1859171, 0.24}, {1853195, 0.05}, {1857910, 0.19}};
constexpr Anchor kParis[] = {{2988507, 0.80}, {3031137, 0.10}, {2969679, 0.10}};
constexpr Anchor kHangzhou[] = {{1808926, 0.90}, {1789998, 0.10}};
constexpr Anchor kSanDiego[] = {{5391811, 1.0}};
constexpr Anchor kNanjing[] = {{1799962, 1.0}};
constexpr Anchor kSingapore[] = {{1880252, 0.90}, {1732752, 0.10}};
constexpr Anchor kBengaluru[] = {{1277333, 1.0}};
constexpr Anchor kAmsterdamRotterdam[] = {
    {2759794, 0.45}, {2751773, 0.07}, {2747373, 0.08}, {2757345, 0.06}, {2747891, 0.25}};
constexpr Anchor kDelhi[] = {{1273294, 0.70}, {1270642, 0.08}, {7279746, 0.08}, {1271308, 0.06}, {1271951, 0.08}};
constexpr Anchor kMunich[] = {{2867714, 1.0}};
constexpr Anchor kNagoya[] = {{1856057, 1.0}};
constexpr Anchor kBerlin[] = {{2950159, 1.0}};
constexpr Anchor kTaipeiHsinchu[] = {{1668341, 0.62}, {6696918, 0.03}, {1675151, 0.35}};
constexpr Anchor kCologne[] = {{2886242, 0.75}, {2878234, 0.12}, {2946447, 0.13}};
constexpr Anchor kBarcelona[] = {{3128760, 0.85}, {3111199, 0.15}};
constexpr Anchor kMumbai[] = {{1275339, 0.85}, {1254661, 0.15}};
constexpr Anchor kMadrid[] = {{3117735, 1.0}};
constexpr Anchor kSaoPaulo[] = {{3448439, 0.85}, {3461786, 0.15}};
constexpr Anchor kStuttgart[] = {{2825297, 1.0}};
constexpr Anchor kIstanbul[] = {{745044, 1.0}};
constexpr Anchor kTehran[] = {{112931, 1.0}};
constexpr Anchor kFrankfurt[] = {{2925533, 1.0}};
constexpr Anchor kDublin[] = {{2964574, 1.0}};
constexpr Anchor kMexicoCity[] = {{3530597, 1.0}};
constexpr Anchor kCairo[] = {{360630, 1.0}};
constexpr Anchor kOslo[] = {{3143244, 1.0}};
constexpr Anchor kKualaLumpur[] = {{1735161, 0.75}, {1735158, 0.15}, {1732903, 0.10}};
constexpr Anchor kHeidelbergMannheim[] = {{2907911, 0.52}, {2873891, 0.37}, {2875376, 0.11}};
constexpr Anchor kHamburg[] = {{2911298, 1.0}};
constexpr Anchor kNingbo[] = {{1799397, 1.0}};
constexpr Anchor kNingde[] = {{1806097, 1.0}};
// Filled in (ranks the published list leaves without a name): real clusters
// of earlier GII editions, one anchor each.
constexpr Anchor kWuhan[] = {{1791247, 1.0}};
constexpr Anchor kDaejeon[] = {{1835235, 1.0}};
constexpr Anchor kXian[] = {{1790630, 1.0}};
constexpr Anchor kChengdu[] = {{1815286, 1.0}};
constexpr Anchor kSeattle[] = {{5809844, 1.0}};
constexpr Anchor kHouston[] = {{4699066, 1.0}};
constexpr Anchor kChicago[] = {{4887398, 1.0}};
constexpr Anchor kTianjin[] = {{1792947, 1.0}};
constexpr Anchor kPhiladelphia[] = {{4560349, 1.0}};
constexpr Anchor kStockholm[] = {{2673730, 1.0}};
constexpr Anchor kQingdao[] = {{1797929, 1.0}};
constexpr Anchor kHefei[] = {{1808722, 1.0}};
constexpr Anchor kChangsha[] = {{1815577, 1.0}};
constexpr Anchor kMoscow[] = {{524901, 1.0}};
constexpr Anchor kToronto[] = {{6167865, 1.0}};
constexpr Anchor kTelAviv[] = {{293397, 1.0}};
constexpr Anchor kZurich[] = {{2657896, 1.0}};
constexpr Anchor kCopenhagen[] = {{2618425, 1.0}};
constexpr Anchor kWashington[] = {{4140963, 1.0}};
constexpr Anchor kMelbourne[] = {{2158177, 1.0}};
constexpr Anchor kAtlanta[] = {{4180439, 1.0}};
constexpr Anchor kRaleigh[] = {{4487042, 1.0}};
constexpr Anchor kMinneapolis[] = {{5037649, 1.0}};
constexpr Anchor kSydney[] = {{2147714, 1.0}};
constexpr Anchor kEindhoven[] = {{2756253, 1.0}};
constexpr Anchor kJinan[] = {{1805753, 1.0}};
constexpr Anchor kChongqing[] = {{1814906, 1.0}};
constexpr Anchor kDallas[] = {{4684888, 1.0}};
constexpr Anchor kLyon[] = {{2996944, 1.0}};
constexpr Anchor kMilan[] = {{3173435, 1.0}};
constexpr Anchor kRome[] = {{3169070, 1.0}};
constexpr Anchor kVienna[] = {{2761369, 1.0}};
constexpr Anchor kBusan[] = {{1838524, 1.0}};
constexpr Anchor kZhengzhou[] = {{1784658, 1.0}};
constexpr Anchor kShenyang[] = {{2034937, 1.0}};
constexpr Anchor kHyderabad[] = {{1269843, 1.0}};
constexpr Anchor kChennai[] = {{1264527, 1.0}};
constexpr Anchor kHelsinki[] = {{658225, 1.0}};
constexpr Anchor kBrussels[] = {{2800866, 1.0}};
constexpr Anchor kMontreal[] = {{6077243, 1.0}};
constexpr Anchor kFuzhou[] = {{1810821, 1.0}};
constexpr Anchor kHarbin[] = {{2037013, 1.0}};
constexpr Anchor kDalian[] = {{1814087, 1.0}};
constexpr Anchor kChangchun[] = {{2038180, 1.0}};
constexpr Anchor kDenver[] = {{5419384, 1.0}};
constexpr Anchor kPittsburgh[] = {{5206379, 1.0}};
constexpr Anchor kAnnArbor[] = {{4984247, 1.0}};
constexpr Anchor kCambridgeUK[] = {{2653941, 1.0}};
constexpr Anchor kOxford[] = {{2640729, 1.0}};
constexpr Anchor kBasel[] = {{2661604, 1.0}};
constexpr Anchor kManchester[] = {{2643123, 1.0}};
constexpr Anchor kPune[] = {{1259229, 1.0}};
constexpr Anchor kGoteborg[] = {{2711537, 1.0}};
constexpr Anchor kWarsaw[] = {{756135, 1.0}};
constexpr Anchor kVancouver[] = {{6173331, 1.0}};
constexpr Anchor kTaichung[] = {{1668399, 1.0}};
constexpr Anchor kXiamen[] = {{1790645, 1.0}};
constexpr Anchor kPortland[] = {{5746545, 1.0}};
constexpr Anchor kLausanne[] = {{2659994, 1.0}};

using P = Profile;
constexpr double U = kUnknown;

// rank, name, economy, published, profile, counts, shares, 2023 shares, target score, anchors
const ClusterSpec kClusters[] = {
    {1, "Shenzhen–Hong Kong–Guangzhou", "CN/HK", true, P::kDigital, {117542, 193635, 6916}, {9.0, 2.4, 2.9}, {9.0, 2.1}, U, kShenzhenHongKongGuangzhou},
    {2, "Tokyo–Yokohama", "JP", true, P::kElectronics, {135129, 115773, 5154}, {10.3, U, 2.2}, {10.1, 1.5}, U, kTokyoYokohama},
    {3, "San Jose–San Francisco", "US", true, P::kDigital, {50813, U, 16296}, {U, U, 6.9}, {3.8, 0.8}, U, kSanJoseSanFrancisco},
    {4, "Beijing", "CN", true, P::kDigital, {U, U, U}, {3.8, 4.0, U}, {3.0, 3.7}, 10.6, kBeijing},
    {5, "Seoul", "KR", true, P::kElectronics, {U, U, U}, {5.4, U, 3.1}, {5.1, 1.8}, U, kSeoul},
    {6, "Shanghai–Suzhou", "CN", true, P::kGeneral, {U, U, U}, {U, 2.5, U}, {2.6, 2.2}, 7.3, kShanghaiSuzhou},
    {7, "New York City", "US", true, P::kFinance, {}, {}, {1.1, 1.0}, 6.4, kNewYork},
    {8, "London", "GB", true, P::kFinance, {}, {}, {}, 5.6, kLondon},
    {9, "Boston–Cambridge", "US", true, P::kPharma, {}, {}, {1.4, 1.0}, 5.0, kBostonCambridge},
    {10, "Los Angeles", "US", true, P::kGeneral, {}, {}, {}, 4.5, kLosAngeles},
    {11, "Osaka–Kobe–Kyoto", "JP", true, P::kChemistry, {}, {}, {3.1, 0.7}, 4.3, kOsakaKobeKyoto},
    {12, "Paris", "FR", true, P::kGeneral, {}, {}, {}, 3.7, kParis},
    {13, "Hangzhou", "CN", true, P::kDigital, {}, {}, {}, 3.35, kHangzhou},
    {14, "San Diego", "US", true, P::kPharma, {}, {}, {1.9, 0.3}, 3.05, kSanDiego},
    {15, "Nanjing", "CN", true, P::kGeneral, {}, {}, {}, 2.8, kNanjing},
    {16, "Singapore", "SG/MY", true, P::kGeneral, {}, {}, {}, 2.6, kSingapore},
    {17, "Wuhan", "CN", false, P::kElectronics, {}, {}, {}, U, kWuhan},
    {18, "Daejeon", "KR", false, P::kElectronics, {}, {}, {}, U, kDaejeon},
    {19, "Xi’an", "CN", false, P::kGeneral, {}, {}, {}, U, kXian},
    {20, "Chengdu", "CN", false, P::kDigital, {}, {}, {}, U, kChengdu},
    {21, "Bengaluru", "IN", true, P::kDigital, {}, {}, {}, U, kBengaluru},
    {22, "Amsterdam–Rotterdam", "NL", true, P::kGeneral, {}, {}, {}, U, kAmsterdamRotterdam},
    {23, "Seattle", "US", false, P::kDigital, {}, {}, {}, U, kSeattle},
    {24, "Houston", "US", false, P::kChemistry, {}, {}, {}, U, kHouston},
    {25, "Chicago", "US", false, P::kGeneral, {}, {}, {}, U, kChicago},
    {26, "Delhi", "IN", true, P::kDigital, {}, {}, {}, U, kDelhi},
    {27, "Munich", "DE", true, P::kAutomotive, {}, {}, {}, U, kMunich},
    {28, "Nagoya", "JP", true, P::kAutomotive, {}, {}, {}, U, kNagoya},
    {29, "Tianjin", "CN", false, P::kChemistry, {}, {}, {}, U, kTianjin},
    {30, "Berlin", "DE", true, P::kGeneral, {}, {}, {}, U, kBerlin},
    {31, "Philadelphia", "US", false, P::kPharma, {}, {}, {}, U, kPhiladelphia},
    {32, "Stockholm", "SE", false, P::kDigital, {}, {}, {}, U, kStockholm},
    {33, "Qingdao", "CN", false, P::kMachinery, {}, {}, {}, U, kQingdao},
    {34, "Hefei", "CN", false, P::kElectronics, {}, {}, {}, U, kHefei},
    {35, "Changsha", "CN", false, P::kMachinery, {}, {}, {}, U, kChangsha},
    {36, "Moscow", "RU", false, P::kGeneral, {}, {}, {}, U, kMoscow},
    {37, "Toronto", "CA", false, P::kFinance, {}, {}, {}, U, kToronto},
    {38, "Tel Aviv", "IL", false, P::kDigital, {}, {}, {}, U, kTelAviv},
    {39, "Zürich", "CH", false, P::kPharma, {}, {}, {}, U, kZurich},
    {40, "Copenhagen", "DK", false, P::kPharma, {}, {}, {}, U, kCopenhagen},
    {41, "Taipei–Hsinchu", "TW", true, P::kElectronics, {}, {}, {}, U, kTaipeiHsinchu},
    {42, "Washington, D.C.", "US", false, P::kGeneral, {}, {}, {}, U, kWashington},
    {43, "Cologne", "DE", true, P::kChemistry, {}, {}, {}, U, kCologne},
    {44, "Melbourne", "AU", false, P::kGeneral, {}, {}, {}, U, kMelbourne},
    {45, "Barcelona", "ES", true, P::kGeneral, {}, {}, {}, U, kBarcelona},
    {46, "Mumbai", "IN", true, P::kFinance, {}, {}, {}, U, kMumbai},
    {47, "Atlanta", "US", false, P::kGeneral, {}, {}, {}, U, kAtlanta},
    {48, "Madrid", "ES", true, P::kGeneral, {}, {}, {}, U, kMadrid},
    {49, "São Paulo", "BR", true, P::kFinance, {}, {}, {}, U, kSaoPaulo},
    {50, "Raleigh", "US", false, P::kPharma, {}, {}, {}, U, kRaleigh},
    {51, "Minneapolis", "US", false, P::kPharma, {}, {}, {}, U, kMinneapolis},
    {52, "Sydney", "AU", false, P::kGeneral, {}, {}, {}, U, kSydney},
    {53, "Eindhoven", "NL", false, P::kElectronics, {}, {}, {}, U, kEindhoven},
    {54, "Stuttgart", "DE", true, P::kAutomotive, {}, {}, {}, U, kStuttgart},
    {55, "Jinan", "CN", false, P::kGeneral, {}, {}, {}, U, kJinan},
    {56, "Chongqing", "CN", false, P::kAutomotive, {}, {}, {}, U, kChongqing},
    {57, "Dallas", "US", false, P::kDigital, {}, {}, {}, U, kDallas},
    {58, "Istanbul", "TR", true, P::kGeneral, {}, {}, {}, U, kIstanbul},
    {59, "Lyon", "FR", false, P::kPharma, {}, {}, {}, U, kLyon},
    {60, "Milan", "IT", false, P::kGeneral, {}, {}, {}, U, kMilan},
    {61, "Rome", "IT", false, P::kGeneral, {}, {}, {}, U, kRome},
    {62, "Vienna", "AT", false, P::kGeneral, {}, {}, {}, U, kVienna},
    {63, "Tehran", "IR", true, P::kChemistry, {}, {}, {}, U, kTehran},
    {64, "Frankfurt am Main", "DE", true, P::kFinance, {}, {}, {}, U, kFrankfurt},
    {65, "Busan", "KR", false, P::kMachinery, {}, {}, {}, U, kBusan},
    {66, "Zhengzhou", "CN", false, P::kGeneral, {}, {}, {}, U, kZhengzhou},
    {67, "Shenyang", "CN", false, P::kMachinery, {}, {}, {}, U, kShenyang},
    {68, "Hyderabad", "IN", false, P::kPharma, {}, {}, {}, U, kHyderabad},
    {69, "Chennai", "IN", false, P::kAutomotive, {}, {}, {}, U, kChennai},
    {70, "Helsinki", "FI", false, P::kDigital, {}, {}, {}, U, kHelsinki},
    {71, "Dublin", "IE", true, P::kDigital, {}, {}, {}, U, kDublin},
    {72, "Brussels", "BE", false, P::kGeneral, {}, {}, {}, U, kBrussels},
    {73, "Montréal", "CA", false, P::kDigital, {}, {}, {}, U, kMontreal},
    {74, "Fuzhou", "CN", false, P::kGeneral, {}, {}, {}, U, kFuzhou},
    {75, "Harbin", "CN", false, P::kMachinery, {}, {}, {}, U, kHarbin},
    {76, "Dalian", "CN", false, P::kChemistry, {}, {}, {}, U, kDalian},
    {77, "Changchun", "CN", false, P::kAutomotive, {}, {}, {}, U, kChangchun},
    {78, "Denver", "US", false, P::kGeneral, {}, {}, {}, U, kDenver},
    {79, "Mexico City", "MX", true, P::kGeneral, {}, {}, {}, U, kMexicoCity},
    {80, "Pittsburgh", "US", false, P::kMachinery, {}, {}, {}, U, kPittsburgh},
    {81, "Ann Arbor", "US", false, P::kAutomotive, {}, {}, {}, U, kAnnArbor},
    {82, "Vancouver", "CA", false, P::kDigital, {}, {}, {}, U, kVancouver},
    {83, "Cairo", "EG", true, P::kGeneral, {}, {}, {}, U, kCairo},
    {84, "Cambridge", "GB", false, P::kPharma, {}, {}, {}, U, kCambridgeUK},
    {85, "Oslo", "NO", true, P::kGeneral, {}, {}, {}, U, kOslo},
    {86, "Kuala Lumpur", "MY", true, P::kGeneral, {}, {}, {}, U, kKualaLumpur},
    {87, "Heidelberg–Mannheim", "DE", true, P::kPharma, {}, {}, {}, U, kHeidelbergMannheim},
    {88, "Oxford", "GB", false, P::kPharma, {}, {}, {}, U, kOxford},
    {89, "Basel", "CH", false, P::kPharma, {}, {}, {}, U, kBasel},
    {90, "Manchester", "GB", false, P::kGeneral, {}, {}, {}, U, kManchester},
    {91, "Hamburg", "DE", true, P::kMachinery, {}, {}, {}, U, kHamburg},
    {92, "Pune", "IN", false, P::kAutomotive, {}, {}, {}, U, kPune},
    {93, "Ningbo", "CN", true, P::kMachinery, {}, {}, {}, U, kNingbo},
    {94, "Göteborg", "SE", false, P::kAutomotive, {}, {}, {}, U, kGoteborg},
    {95, "Warsaw", "PL", false, P::kGeneral, {}, {}, {}, U, kWarsaw},
    {96, "Taichung", "TW", false, P::kMachinery, {}, {}, {}, U, kTaichung},
    {97, "Xiamen", "CN", false, P::kElectronics, {}, {}, {}, U, kXiamen},
    {98, "Portland", "US", false, P::kElectronics, {}, {}, {}, U, kPortland},
    // Ningde: "one company" (a battery maker), top in PCT applications per
    // capita: almost all of its activity is patents.
    {99, "Ningde", "CN", true, P::kBattery, {}, {0.44, 0.012, 0.004}, {}, U, kNingde},
    {100, "Lausanne", "CH", false, P::kGeneral, {}, {}, {}, U, kLausanne},
};

// The usual mix of a cluster's score over (patents, publications, deals) by
// its first economy, for the shares nobody published: Japanese and Korean
// clusters lean on patents, US ones on deals, Chinese, European and Indian
// ones on articles (the pattern of the GII tables).
std::array<double, 3> usual_mix(std::string_view economy) {
  const std::string_view e = economy.substr(0, 2);
  if (e == "JP") return {0.72, 0.20, 0.08};
  if (e == "KR") return {0.55, 0.25, 0.20};
  if (e == "TW") return {0.30, 0.50, 0.20};
  if (e == "CN") return {0.38, 0.38, 0.24};
  if (e == "US" || e == "CA") return {0.24, 0.16, 0.60};
  if (e == "DE" || e == "CH" || e == "SE" || e == "NL" || e == "FI") return {0.40, 0.30, 0.30};
  if (e == "IN") return {0.10, 0.40, 0.50};
  if (e == "GB" || e == "FR" || e == "IE" || e == "IL" || e == "SG" || e == "DK") return {0.16, 0.34, 0.50};
  return {0.12, 0.56, 0.32};
}

// Target score below the top 16: a smooth tail through the 16th score,
// S(r) = 2.6 x (16 / r)^0.95, which puts the 100th cluster near 0.45 points.
double tail_score(int rank) { return 2.6 * std::pow(16.0 / rank, 0.95); }

}  // namespace

std::span<const ClusterSpec> world_clusters() { return kClusters; }

std::vector<std::array<double, 3>> world_shares() {
  std::vector<std::array<double, 3>> out;
  for (const ClusterSpec& c : kClusters) {
    std::array<double, 3> share{kUnknown, kUnknown, kUnknown};
    for (std::size_t m = 0; m < 3; ++m) {
      if (c.count[m] > 0) share[m] = 100 * c.count[m] / kWorldTotals[m];
      else if (c.share[m] > 0) share[m] = c.share[m];
      else if (m < 2 && c.share_2023[m] > 0) share[m] = c.share_2023[m];
    }
    double known = 0, open_mix = 0;
    const std::array<double, 3> mix = usual_mix(c.economy);
    for (std::size_t m = 0; m < 3; ++m) {
      if (share[m] >= 0) known += share[m];
      else open_mix += mix[m];
    }
    if (open_mix > 0) {
      const double target = c.score > 0 ? c.score : tail_score(c.rank);
      const double rest = std::max(0.0, target - known);
      for (std::size_t m = 0; m < 3; ++m)
        if (share[m] < 0) share[m] = rest * mix[m] / open_mix;
    }
    out.push_back(share);
  }
  return out;
}

}  // namespace innocluster::synth
