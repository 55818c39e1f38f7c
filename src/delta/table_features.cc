#include "delta/table_features.h"
