using Microsoft.AspNetCore.Identity;

namespace WebCrm.Data.Identity;

public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>A disabled user cannot sign in; disabling also rotates the security stamp to end open sessions.</summary>
    public bool IsDisabled { get; set; }
    public DateTime CreatedAtUtc { get; set; }
}
