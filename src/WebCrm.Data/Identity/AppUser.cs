using Microsoft.AspNetCore.Identity;

namespace WebCrm.Data.Identity;

public class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";
    /// <summary>A disabled user cannot sign in; disabling also rotates the security stamp to end open sessions.</summary>
    public bool IsDisabled { get; set; }
    public DateTime CreatedAtUtc { get; set; }
    /// <summary>
    /// The key of the rights template the user was last given (at creation, by applying a template, or copied with another
    /// user's rights); null when none. Changing single rights keeps it. Two-factor sign-in is mandatory per template.
    /// </summary>
    public string? RightsTemplate { get; set; }
}
