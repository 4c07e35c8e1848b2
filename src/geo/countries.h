#pragma once
// Countries: ISO 3166-1 codes and English names, as an economy is shown in
// reports ("CN/HK" in a table, "China" in a tooltip).
//
// The table is read from Debian's iso-codes package
// (/usr/share/iso-codes/json/iso_3166-1.json, installed by scripts/setup.sh).
// Each entry gives alpha-2, alpha-3 and a name; innocluster shows the entry's
// common_name when it has one ("South Korea", "Taiwan"), else its name
// ("Germany", "Hong Kong"). Hong Kong (HK), Macao (MO) and Taiwan (TW) are
// entries of their own, and so separate economies, as in the GII.
//
// One code is added when the file lacks it: XK / XKX, Kosovo, the
// user-assigned code that GeoNames (and so the gazetteer) uses for places in
// Kosovo; without it those places would have an economy with no name.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace innocluster::geo {

struct Country {
  std::string alpha2;  ///< "DE"
  std::string alpha3;  ///< "DEU"
  std::string name;    ///< "Germany"
};

class Countries {
 public:
  /// Reads an iso-codes iso_3166-1.json file. Throws Error(kNoInput) when it
  /// cannot be read (the message says how to install it) and
  /// Error(kDataError) when it is not JSON of the expected shape
  /// ({"3166-1": [{"alpha_2", "alpha_3", "name", ...}, ...]}).
  static Countries load(const std::string& path);

  /// The entry for an alpha-2 or alpha-3 code, upper or lower case; nullptr
  /// when unknown. O(log n).
  const Country* find(std::string_view code) const;

  /// The name, alpha-2 or alpha-3 code of `code` (either form); nullopt when unknown.
  std::optional<std::string_view> name(std::string_view code) const;
  std::optional<std::string_view> alpha2(std::string_view code) const;
  std::optional<std::string_view> alpha3(std::string_view code) const;

  /// Every entry, sorted by alpha-2.
  const std::vector<Country>& all() const { return countries_; }
  std::size_t size() const { return countries_.size(); }

 private:
  std::vector<Country> countries_;            // sorted by alpha2
  std::vector<std::size_t> by_alpha3_;        // positions sorted by alpha3
};

/// Where the country table is read from: the environment variable
/// INNOCLUSTER_ISO_3166 when set and non-empty, else
/// /usr/share/iso-codes/json/iso_3166-1.json.
std::string countries_path();

/// Countries::load(countries_path()).
Countries load_countries();

}  // namespace innocluster::geo
