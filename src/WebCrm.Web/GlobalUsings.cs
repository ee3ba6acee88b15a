// The Outcome of module services and the shared web helpers are used by every feature folder.
global using WebCrm.Web.Infrastructure.Web;
