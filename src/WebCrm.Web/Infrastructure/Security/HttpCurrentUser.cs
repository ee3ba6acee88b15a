using System.Security.Claims;
using WebCrm.Data.Auditing;

namespace WebCrm.Web.Infrastructure.Security;

public sealed class HttpCurrentUser(IHttpContextAccessor accessor) : ICurrentUser
{
    public string? UserId => accessor.HttpContext?.User.FindFirstValue(ClaimTypes.NameIdentifier);

    public string? UserName => accessor.HttpContext?.User.Identity?.IsAuthenticated == true
        ? accessor.HttpContext.User.Identity.Name
        : SystemUser.Instance.UserName;
}
