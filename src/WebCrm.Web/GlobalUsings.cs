// The Outcome of module services and the shared web helpers are used by every feature folder.
global using WebCrm.Web.Infrastructure.Web;
// What every module shares (form models, results, lookups, number parsing) lives in one place.
global using WebCrm.Web.Features.Shared;
