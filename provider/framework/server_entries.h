// Server's per-type registry entries, shared by server.cc and server_plan.cc.
#ifndef AZBATCH_PROVIDER_FRAMEWORK_SERVER_ENTRIES_H_
#define AZBATCH_PROVIDER_FRAMEWORK_SERVER_ENTRIES_H_

#include "provider/framework/server.h"
#include "provider/framework/timeouts.h"

namespace azbatch::framework {

struct Server::ResourceEntry {
  ResourceFactory factory;
  Schema schema;
  cty::Type type;
  TimeoutDefaults timeouts;
};

struct Server::DataSourceEntry {
  DataSourceFactory factory;
  Schema schema;
  cty::Type type;
};

struct Server::FunctionEntry {
  FunctionFactory factory;
  FunctionDefinition definition;
};

}  // namespace azbatch::framework

#endif  // AZBATCH_PROVIDER_FRAMEWORK_SERVER_ENTRIES_H_
